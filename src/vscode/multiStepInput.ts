// A small multi-step QuickInput: numbered steps ("2/5"), a Back button, validation as you type.
// Each step resolves to a value, BACK, or undefined (cancelled).
import * as vscode from 'vscode';

export const BACK = Symbol('back');
export type StepResult<T> = T | typeof BACK | undefined;

interface StepOptions {
  readonly title: string;
  readonly step: number;
  readonly totalSteps: number;
}

export interface InputStep extends StepOptions {
  readonly prompt: string;
  readonly value?: string;
  readonly placeholder?: string;
  readonly password?: boolean;
  /** An error blocks accepting; a warning is shown and lets the user go on. */
  readonly validate?: (value: string) => { severity: 'error' | 'warning'; message: string } | string | undefined;
}

export function askInput(options: InputStep): Promise<StepResult<string>> {
  const input = vscode.window.createInputBox();
  input.title = options.title;
  input.step = options.step;
  input.totalSteps = options.totalSteps;
  input.prompt = options.prompt;
  input.value = options.value ?? '';
  input.placeholder = options.placeholder;
  input.password = options.password ?? false;
  input.ignoreFocusOut = true;
  if (options.step > 1) input.buttons = [vscode.QuickInputButtons.Back];
  const check = (value: string): { severity: 'error' | 'warning'; message: string } | undefined => {
    const result = options.validate?.(value);
    return typeof result === 'string' ? { severity: 'error', message: result } : result;
  };
  const show = (value: string): void => {
    const problem = check(value);
    input.validationMessage = problem
      ? { message: problem.message, severity: problem.severity === 'error' ? vscode.InputBoxValidationSeverity.Error : vscode.InputBoxValidationSeverity.Warning }
      : undefined;
  };
  return new Promise((resolve) => {
    const disposables: vscode.Disposable[] = [];
    const finish = (result: StepResult<string>): void => {
      for (const d of disposables) d.dispose();
      input.dispose();
      resolve(result);
    };
    disposables.push(
      input.onDidChangeValue((value) => (value === '' ? (input.validationMessage = undefined) : show(value))),
      input.onDidAccept(() => {
        const problem = check(input.value);
        if (problem?.severity === 'error') return show(input.value);
        finish(input.value);
      }),
      input.onDidTriggerButton((button) => {
        if (button === vscode.QuickInputButtons.Back) finish(BACK);
      }),
      input.onDidHide(() => finish(undefined)),
    );
    input.show();
  });
}

export interface PickStep<T extends vscode.QuickPickItem> extends StepOptions {
  readonly placeholder: string;
  readonly items: readonly T[];
  readonly active?: T;
}

export function askPick<T extends vscode.QuickPickItem>(options: PickStep<T>): Promise<StepResult<T>> {
  const pick = vscode.window.createQuickPick<T>();
  pick.title = options.title;
  pick.step = options.step;
  pick.totalSteps = options.totalSteps;
  pick.placeholder = options.placeholder;
  pick.items = options.items;
  pick.ignoreFocusOut = true;
  if (options.active) pick.activeItems = [options.active];
  if (options.step > 1) pick.buttons = [vscode.QuickInputButtons.Back];
  return new Promise((resolve) => {
    const disposables: vscode.Disposable[] = [];
    const finish = (result: StepResult<T>): void => {
      for (const d of disposables) d.dispose();
      pick.dispose();
      resolve(result);
    };
    disposables.push(
      pick.onDidAccept(() => {
        const [chosen] = pick.selectedItems;
        if (chosen) finish(chosen);
      }),
      pick.onDidTriggerButton((button) => {
        if (button === vscode.QuickInputButtons.Back) finish(BACK);
      }),
      pick.onDidHide(() => finish(undefined)),
    );
    pick.show();
  });
}

/**
 * Runs steps in order; a step returns the index of the next step, BACK to go to the previous one,
 * or undefined to cancel. Resolves true when the last step completed.
 */
export async function runSteps(steps: readonly (() => Promise<StepResult<true>>)[]): Promise<boolean> {
  const history: number[] = [];
  let index = 0;
  while (index < steps.length) {
    const result = await steps[index]!();
    if (result === undefined) return false;
    if (result === BACK) {
      index = history.pop() ?? 0;
      continue;
    }
    history.push(index);
    index++;
  }
  return true;
}
