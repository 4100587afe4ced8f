// "Decode JWT": from the selection, the clipboard or an input box, shown as a JSON document.
// Decoding is for display only; the document says the signature is not verified.
import * as vscode from 'vscode';
import { decodeJwt } from '../core/auth/jwt';
import { COMMANDS } from './ids';

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

export function jwtCommands() {
  return {
    [COMMANDS.decodeJwt]: async () => {
      const token = await pickToken();
      if (token === undefined) return;
      const decoded = decodeJwt(token);
      if (!decoded.ok) {
        void vscode.window.showErrorMessage(decoded.reason);
        return;
      }
      const view = {
        note: 'Signature not verified — decoded locally.',
        header: decoded.header,
        claims: decoded.claims,
        issuedAt: decoded.issuedAt?.toISOString(),
        expiresAt: decoded.expiresAt?.toISOString(),
        secondsLeft: decoded.secondsLeft,
        expired: decoded.expired,
        permissions: decoded.permissions,
        warnings: decoded.warnings.map((w) => w.message),
      };
      const document = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(view, null, 2) });
      await vscode.window.showTextDocument(document, { preview: true });
    },
  };
}
