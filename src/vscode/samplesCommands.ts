// "Open Sample": the .http samples shipped inside the extension (samples/ in the VSIX), opened
// from the install folder so they work in any workspace, or none. The walkthrough links to it.
import * as vscode from 'vscode';
import { COMMANDS } from './ids';

/** The sample the walkthrough starts with: the echo endpoint shows what the extension injects. */
export const FIRST_SAMPLE = ['samples', 'echo.http'] as const;

export function samplesCommands(extensionUri: vscode.Uri) {
  return {
    [COMMANDS.openSamples]: async () => {
      const uri = vscode.Uri.joinPath(extensionUri, ...FIRST_SAMPLE);
      await vscode.window.showTextDocument(uri, { preview: false });
    },
  };
}
