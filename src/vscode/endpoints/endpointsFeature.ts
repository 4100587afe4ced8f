// The Endpoints feature: the tree view, "Open as Request", and completion/hover in .http files.
import * as vscode from 'vscode';
import { ENDPOINTS, endpointById, requestText, rolesSummary, type FinCodeEndpoint } from '../../core/fincode/endpoints';
import { COMMANDS, VIEWS } from '../ids';
import { EndpointsTreeProvider, isEndpointNode } from './endpointsTree';
import { insertionAt } from './requestInsertion';
import { HTTP_LANGUAGE_ID, isHttpDocument } from '../http/documentSelector';
import type { HttpDocumentStore } from '../http/documentStore';
import { registerLanguageFeatures } from './languageFeatures';

async function pickEndpoint(): Promise<FinCodeEndpoint | undefined> {
  const picked = await vscode.window.showQuickPick(
    ENDPOINTS.map((endpoint) => ({ label: `${endpoint.method} ${endpoint.path}`, description: rolesSummary(endpoint), detail: endpoint.title, endpoint })),
    { title: 'Open Endpoint as Request', matchOnDetail: true },
  );
  return picked?.endpoint;
}

async function openUntitled(content: string): Promise<vscode.TextDocument> {
  try {
    return await vscode.workspace.openTextDocument({ language: HTTP_LANGUAGE_ID, content });
  } catch {
    // The http language is contributed by the .http feature; without it, plain text still works.
    return vscode.workspace.openTextDocument({ content });
  }
}

/** Writes the endpoint's ready request into the active .http editor, or a new untitled http document. */
export async function openEndpointAsRequest(arg?: unknown): Promise<void> {
  const endpoint = isEndpointNode(arg) ? endpointById(arg.id) : await pickEndpoint();
  if (!endpoint) return;
  const text = requestText(endpoint);
  const editor = vscode.window.activeTextEditor;
  if (editor && isHttpDocument(editor.document)) {
    const { document } = editor;
    const lines = Array.from({ length: document.lineCount }, (_, index) => document.lineAt(index).text);
    const insertion = insertionAt(lines, editor.selection.active.line, text);
    const at = new vscode.Position(insertion.line, insertion.character);
    await editor.edit((edit) => edit.insert(at, insertion.text));
    const firstLine = insertion.line + (insertion.text.match(/^\n*/)?.[0].length ?? 0);
    const start = new vscode.Position(firstLine, 0);
    editor.selection = new vscode.Selection(start, start);
    editor.revealRange(new vscode.Range(start, start), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    await vscode.window.showTextDocument(document, editor.viewColumn);
    return;
  }
  const document = await openUntitled(text);
  await vscode.window.showTextDocument(document);
}

export interface EndpointsFeature {
  readonly commands: { readonly [COMMANDS.openEndpointAsRequest]: (arg?: unknown) => Promise<void> };
}

export function createEndpointsFeature(context: vscode.ExtensionContext, documents: HttpDocumentStore): EndpointsFeature {
  const tree = new EndpointsTreeProvider();
  const view = vscode.window.createTreeView(VIEWS.endpoints, { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(view, ...registerLanguageFeatures(documents));
  return { commands: { [COMMANDS.openEndpointAsRequest]: openEndpointAsRequest } };
}
