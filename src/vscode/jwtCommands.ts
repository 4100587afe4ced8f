// "Decode JWT": from the selection, the clipboard or an input box, shown in the JWT inspector
// webview. Decoding is for display only; the inspector says the signature is not verified.
import * as vscode from 'vscode';
import { decodeJwt } from '../core/auth/jwt';
import { COMMANDS } from './ids';
import type { JwtInspector } from './jwtInspector';

const JWT_SHAPE = /^\s*(Bearer\s+)?[\w-]+\.[\w-]+\.[\w-]*\s*$/;

async function pickToken(): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
  if (JWT_SHAPE.test(selected)) return selected;
  const clipboard = await vscode.env.clipboard.readText();
  if (JWT_SHAPE.test(clipboard) && clipboard.length < 64 * 1024) return clipboard;
  return vscode.window.showInputBox({
    title: 'Decode JWT',
    prompt: 'Paste a JWT (access token or API token). It is decoded locally and not stored.',
    password: true,
    ignoreFocusOut: true,
  });
}

export function jwtCommands(inspector: JwtInspector) {
  return {
    [COMMANDS.decodeJwt]: async () => {
      const token = await pickToken();
      if (token === undefined) return;
      const decoded = decodeJwt(token);
      if (!decoded.ok) {
        void vscode.window.showErrorMessage(decoded.reason);
        return;
      }
      // A pasted token has no reference to re-read it by: after a reload the panel asks for it again.
      inspector.show(token);
    },
  };
}
