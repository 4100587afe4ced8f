// Copy as cURL (without the token unless the user confirms, never in an untrusted workspace) and
// Import cURL (from the clipboard or an input box, into the .http editor or a new document).
import * as vscode from 'vscode';
import { STATUS_MESSAGE_MS } from '../ids';
import { fromCurl, toCurl } from '../../core/http/curl';
import { prepareRequest, type CredentialSource } from '../../core/http/sender';
import { UserFacingError } from '../userErrors';
import { chosenOrPicked, sendCandidates } from './candidatePicker';
import { candidateLabel } from './candidates';
import { HTTP_LANGUAGE_ID, isHttpDocument } from './documentSelector';
import type { HttpServices } from './httpServices';
import { unlessDismissed } from './prompts';
import type { Target } from './target';
import { isTrusted, trustedCredential } from './workspaceTrust';

export async function copyAsCurl({ model, contexts, prompts }: HttpServices, target: Target): Promise<void> {
  const candidate = sendCandidates(model).length ? await chosenOrPicked(model, target.request) : undefined;
  const trusted = isTrusted();
  const environment = candidate ? model.environmentFor(candidate.id) : undefined;
  if (!candidate || !environment) throw new UserFacingError('Choose a FinCode profile first: {{baseUrl}} and the FinCode headers come from its environment.');
  // Prompts are asked once for both copies; a password is never asked: its placeholder is copied.
  const prompter = prompts();
  const prepare = async (credential: CredentialSource) =>
    prepareRequest(target.request, { ...(await contexts.contextFor(target, candidate, credential, undefined, environment)), prompter });
  // A placeholder credential: the command shows where the token goes without reading it.
  const placeholder: CredentialSource = trusted ? { kind: 'apiToken', token: 'placeholder' } : { kind: 'none' };
  const prepared = await unlessDismissed(prepare(placeholder));
  if (!prepared) return;
  const command = toCurl(prepared);
  await vscode.env.clipboard.writeText(command);
  if (!trusted) {
    vscode.window.setStatusBarMessage('$(pass) cURL command copied (untrusted workspace: without credentials)', STATUS_MESSAGE_MS);
    return;
  }
  const include = await vscode.window.showInformationMessage('cURL command copied; the token is the shell variable $FINCODE_TOKEN.', 'Include Credentials…');
  if (include !== 'Include Credentials…') return;
  const confirm = await vscode.window.showWarningMessage(
    `Copy the command WITH the access token of ${candidateLabel(candidate)}?`,
    { modal: true, detail: 'Anyone who sees the clipboard, a terminal history or a chat you paste it into can act as this user until the token expires.' },
    'Include Credentials',
  );
  if (confirm !== 'Include Credentials') return;
  await vscode.env.clipboard.writeText(toCurl(await prepare(await trustedCredential(model, candidate.id)), { includeCredentials: true }));
  vscode.window.setStatusBarMessage('$(pass) FinCode: cURL command with credentials copied', STATUS_MESSAGE_MS);
}

export async function importCurl(): Promise<void> {
  const clipboard = (await vscode.env.clipboard.readText()).trim();
  const input = /^curl\s/.test(clipboard)
    ? clipboard
    : await vscode.window.showInputBox({ title: 'Import cURL', prompt: 'Paste a curl command', placeHolder: "curl 'https://…' -H 'platform: fincode'", ignoreFocusOut: true });
  if (!input) return;
  const imported = fromCurl(input);
  if (!imported.httpText) throw new UserFacingError(`Nothing to import: ${imported.warnings.join('; ') || 'no curl command found.'}`);
  const editor = vscode.window.activeTextEditor;
  if (editor && isHttpDocument(editor.document)) {
    // Its own block: a separator before it (unless at the top) and after it (unless one follows).
    const position = editor.selection.active;
    const document = editor.document;
    const before = document.getText(new vscode.Range(new vscode.Position(0, 0), position)).trim();
    const after = document.getText(new vscode.Range(position, document.lineAt(document.lineCount - 1).range.end)).trim();
    const text = `${before ? '\n###\n' : ''}${imported.httpText.replace(/\n*$/, '\n')}${after && !after.startsWith('###') ? '\n###\n' : ''}`;
    await editor.edit((edit) => edit.insert(position, text));
  } else {
    const document = await vscode.workspace.openTextDocument({ language: HTTP_LANGUAGE_ID, content: imported.httpText });
    await vscode.window.showTextDocument(document);
  }
  if (imported.warnings.length) void vscode.window.showWarningMessage(`Imported with warnings: ${imported.warnings.join('; ')}`);
}
