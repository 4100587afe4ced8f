// "Open Sample…": every .http sample shipped inside the extension (samples/ in the VSIX), in a quick
// pick, opened as an editable untitled copy (the installed files stay as shipped and read-only in
// spirit); an item's button copies it into the workspace folder instead. The walkthrough links here.
import * as vscode from 'vscode';
import { COMMANDS, STATUS_MESSAGE_MS } from './ids';

interface SampleItem extends vscode.QuickPickItem {
  readonly file: string;
}

const COPY_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('new-file'), tooltip: 'Copy into the Workspace Folder' };

/** The sample's first comment line says what it is. */
function summary(text: string): string {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  return first.replace(/^#+\s*/, '');
}

async function sampleItems(extensionUri: vscode.Uri): Promise<SampleItem[]> {
  const folder = vscode.Uri.joinPath(extensionUri, 'samples');
  const names = (await vscode.workspace.fs.readDirectory(folder)).filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.http')).map(([name]) => name).sort();
  const withFolder = (vscode.workspace.workspaceFolders?.length ?? 0) > 0 && vscode.workspace.isTrusted;
  return Promise.all(
    names.map(async (file) => ({
      file,
      label: file,
      detail: summary(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, file)))),
      ...(withFolder ? { buttons: [COPY_BUTTON] } : {}),
    })),
  );
}

/** An untitled document named after the sample (its tab says which one; Save asks where), opened again if it still is. */
async function openCopy(extensionUri: vscode.Uri, file: string): Promise<void> {
  const uri = vscode.Uri.from({ scheme: 'untitled', path: file });
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  const document = open ?? (await vscode.workspace.openTextDocument(uri));
  if (!open) {
    const content = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'samples', file)));
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), content);
    await vscode.workspace.applyEdit(edit);
  }
  await vscode.window.showTextDocument(document, { preview: false });
}

/** A name not taken in the folder: echo.http, echo-2.http… */
async function freeName(folder: vscode.Uri, file: string): Promise<vscode.Uri> {
  const stem = file.replace(/\.http$/, '');
  for (let n = 1; ; n++) {
    const candidate = vscode.Uri.joinPath(folder, n === 1 ? file : `${stem}-${n}.http`);
    const exists = await vscode.workspace.fs.stat(candidate).then(
      () => true,
      () => false,
    );
    if (!exists) return candidate;
  }
}

async function copyIntoWorkspace(extensionUri: vscode.Uri, file: string): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) return;
  const target = await freeName(folder, file);
  await vscode.workspace.fs.copy(vscode.Uri.joinPath(extensionUri, 'samples', file), target);
  await vscode.window.showTextDocument(target, { preview: false });
  vscode.window.setStatusBarMessage(`$(pass) ${vscode.workspace.asRelativePath(target)} copied into the workspace`, STATUS_MESSAGE_MS);
}

async function pickSample(extensionUri: vscode.Uri): Promise<void> {
  const pick = vscode.window.createQuickPick<SampleItem>();
  pick.title = 'Open Sample';
  pick.placeholder = 'An editable copy opens; the button copies the sample into the workspace folder';
  pick.matchOnDetail = true;
  // Opened from the walkthrough, whose page takes the focus back after the click.
  pick.ignoreFocusOut = true;
  pick.items = await sampleItems(extensionUri);
  const chosen = new Promise<{ item: SampleItem; copy: boolean } | undefined>((resolve) => {
    pick.onDidAccept(() => resolve(pick.selectedItems[0] ? { item: pick.selectedItems[0], copy: false } : undefined));
    pick.onDidTriggerItemButton((event) => resolve({ item: event.item, copy: true }));
    pick.onDidHide(() => resolve(undefined));
  });
  pick.show();
  const result = await chosen;
  pick.dispose();
  if (!result) return;
  await (result.copy ? copyIntoWorkspace(extensionUri, result.item.file) : openCopy(extensionUri, result.item.file));
}

export function samplesCommands(extensionUri: vscode.Uri) {
  return {
    [COMMANDS.openSamples]: async () => pickSample(extensionUri),
  };
}
