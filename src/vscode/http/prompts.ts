// Prompt variables in the editor: an input box (without echo for a password) or a quick pick.
// One prompter per user action; the window keeps askonce answers and last answers (never a
// masked one) until it closes. Dismissing a question ends the action quietly, without a toast.
import * as vscode from 'vscode';
import { createPrompter, PromptCancelledError, type PromptAsk, type PromptMemory, type Prompter } from '../../core/http/prompts';

export const askInEditor: PromptAsk = async (question, signal) => {
  const cancel = new vscode.CancellationTokenSource();
  const onAbort = (): void => cancel.cancel();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (question.kind === 'pick') {
      return await vscode.window.showQuickPick([...(question.items ?? [])], { placeHolder: question.prompt, ignoreFocusOut: true }, cancel.token);
    }
    const options: vscode.InputBoxOptions = {
      prompt: question.prompt,
      password: question.masked,
      ignoreFocusOut: true,
      ...(question.placeholder === undefined ? {} : { placeHolder: question.placeholder }),
      ...(question.value === undefined ? {} : { value: question.value }),
    };
    return await vscode.window.showInputBox(options, cancel.token);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    cancel.dispose();
  }
};

/** Makes one prompter per user action, all sharing the window's memory of askonce answers. */
export function createEditorPrompts(): () => Prompter {
  const memory: PromptMemory = new Map();
  return () => createPrompter(askInEditor, memory);
}

/** `work`'s result, or undefined when the user dismissed one of its prompts. */
export async function unlessDismissed<T>(work: PromiseLike<T>): Promise<T | undefined> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof PromptCancelledError) return undefined;
    throw error;
  }
}
