// "Decode JWT…": from the selection, the clipboard or an input box, shown in the JWT inspector
// webview. Decoding is for display only; the inspector says the signature is not verified.
// A browser-hosted workbench (code-server, Codespaces) cannot read the clipboard without the
// browser's permission and answers with an error of its own: there the input box asks at once.
// Whatever is not a JWT is never an error: the input box asks, and says what is wrong as it is typed.
import * as vscode from 'vscode';
import { decodeJwt } from '../core/auth/jwt';
import { COMMANDS } from './ids';
import type { JwtInspector } from './jwtInspector';

const JWT_SHAPE = /^\s*(Bearer\s+)?[\w-]+\.[\w-]+\.[\w-]*\s*$/;

/** A JWT that decodes, or undefined. */
function decodable(text: string): string | undefined {
  return JWT_SHAPE.test(text) && text.length < 64 * 1024 && decodeJwt(text).ok ? text : undefined;
}

async function clipboardToken(): Promise<string | undefined> {
  if (vscode.env.uiKind === vscode.UIKind.Web) return undefined;
  return decodable(await vscode.env.clipboard.readText().then(undefined, () => ''));
}

async function pickToken(): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
  const found = decodable(selected) ?? (await clipboardToken());
  if (found) return found;
  const typed = await vscode.window.showInputBox({
    title: 'Decode JWT',
    prompt: 'Paste a JWT (access token or API token). It is decoded locally and not stored.',
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => {
      if (value.trim() === '') return undefined;
      const decoded = decodeJwt(value);
      return decoded.ok ? undefined : decoded.reason;
    },
  });
  return typed === undefined || typed.trim() === '' ? undefined : typed;
}

export function jwtCommands(inspector: JwtInspector) {
  return {
    [COMMANDS.decodeJwt]: async () => {
      const token = await pickToken();
      // A pasted token has no reference to re-read it by: after a reload the panel asks for it again.
      if (token !== undefined) inspector.show(token);
    },
  };
}
