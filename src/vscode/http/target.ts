// The request a command works on: a CodeLens passes [uri, line]; the palette uses the active
// editor's cursor. Parses come from the document store.
import * as vscode from 'vscode';
import { isSendable, type ParsedFile, type ParsedRequest } from '../../core/http/model';
import { requestAtLine } from '../../core/http/parser';
import { UserFacingError } from '../userErrors';
import type { HttpDocumentStore } from './documentStore';

export interface Target {
  readonly uri: vscode.Uri;
  readonly document: vscode.TextDocument;
  readonly file: ParsedFile;
  readonly request: ParsedRequest;
}

export async function resolveTarget(store: HttpDocumentStore, args: unknown[]): Promise<Target> {
  const [uri, line] = args;
  if (uri instanceof vscode.Uri && typeof line === 'number') return targetAt(store, uri, line);
  const editor = vscode.window.activeTextEditor;
  if (!editor) throw new UserFacingError('Open a .http file and put the cursor inside a request.');
  return targetAt(store, editor.document.uri, editor.selection.active.line);
}

/** After an edit the request line may have moved: find it again by its index. */
export async function refreshedTarget(store: HttpDocumentStore, target: Target): Promise<Target> {
  const document = await vscode.workspace.openTextDocument(target.uri);
  const file = store.parsed(document);
  const request = file.requests[target.request.index];
  return request && isSendable(request.method) ? { uri: target.uri, document, file, request } : target;
}

async function targetAt(store: HttpDocumentStore, uri: vscode.Uri, line: number): Promise<Target> {
  const document = await vscode.workspace.openTextDocument(uri);
  const file = store.parsed(document);
  const request = requestAtLine(file, line) ?? nearestBefore(file, line);
  if (!request) throw new UserFacingError('No request here: put the cursor inside a request (METHOD URL) of the .http file.');
  if (!isSendable(request.method)) throw new UserFacingError(`${request.method} requests cannot be sent from FinCode (GraphQL: POST with X-REQUEST-TYPE: GraphQL).`);
  return { uri, document, file, request };
}

/** On a blank line between requests, the request above. */
function nearestBefore(file: ParsedFile, line: number): ParsedRequest | undefined {
  let found: ParsedRequest | undefined;
  for (const request of file.requests) if (request.range.start <= line) found = request;
  return found;
}
