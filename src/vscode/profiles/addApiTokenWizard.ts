// Add API Token: paste the token made in the FinCode dashboard, label it, say which expiry it
// was made with; warns when the token's own exp disagrees with that expiry.
import * as vscode from 'vscode';
import { STATUS_MESSAGE_MS } from '../ids';
import { API_TOKEN_EXPIRIES, API_TOKEN_EXPIRY_LABELS, type ApiTokenExpiry } from '../../core/fincode/apiTokens';
import { askInput, askPick, BACK, runSteps, type StepResult } from '../multiStepInput';
import { expiryMismatch, jwtExpiry } from '../apiTokenExpiry';
import { apiTokenProblem, nameProblem } from '../inputValidation';
import { newId } from '../profilesModel';
import type { CommandDeps } from './commandDeps';
import { chooseEnvironmentToAddTo } from './environmentPicker';

const TOTAL_STEPS = 3;

interface ApiTokenAnswers {
  token: string;
  label: string;
  expiry: ApiTokenExpiry;
}

function apiTokenSteps(title: string, answers: ApiTokenAnswers): (() => Promise<StepResult<true>>)[] {
  const step = { title, totalSteps: TOTAL_STEPS };
  return [
    async () => {
      const value = await askInput({
        ...step,
        step: 1,
        prompt: 'Paste the API token made in the FinCode dashboard (Settings → API Tokens). It is kept in the OS keyring only.',
        password: true,
        validate: (v) => apiTokenProblem(v, Date.now()),
      });
      if (value === undefined || value === BACK) return value;
      answers.token = value.trim();
      return true;
    },
    async () => {
      const value = await askInput({ ...step, step: 2, prompt: 'A label for this token', value: answers.label || 'api-token', validate: nameProblem });
      if (value === undefined || value === BACK) return value;
      answers.label = value.trim();
      return true;
    },
    async () => {
      const expiryItems = API_TOKEN_EXPIRIES.map((e) => ({ label: API_TOKEN_EXPIRY_LABELS[e], expiry: e }));
      const picked = await askPick({ ...step, step: 3, placeholder: 'The expiry chosen when the token was made', items: expiryItems, active: expiryItems.find((i) => i.expiry === answers.expiry) });
      if (picked === undefined || picked === BACK) return picked;
      answers.expiry = picked.expiry;
      return true;
    },
  ];
}

export async function addApiTokenWizard({ model }: CommandDeps, arg?: unknown): Promise<void> {
  const env = await chooseEnvironmentToAddTo(model, arg, 'Add API Token');
  if (!env) return;
  const answers: ApiTokenAnswers = { token: '', label: '', expiry: '1m' };
  if (!(await runSteps(apiTokenSteps(`Add API Token to ${env.label}`, answers)))) return;
  const { token, label, expiry } = answers;
  const createdAt = Date.now();
  const exp = jwtExpiry(token, createdAt);
  await model.addApiToken({ id: newId(), environmentId: env.id, label, expiry, createdAt, ...(exp !== undefined ? { jwtExpiresAt: exp } : {}) }, token);
  const mismatch = expiryMismatch(exp, expiry, createdAt);
  if (mismatch) void vscode.window.showWarningMessage(`API token "${label}" added. ${mismatch}`);
  else vscode.window.setStatusBarMessage(`$(pass) API token "${label}" added to ${env.label}`, STATUS_MESSAGE_MS);
}
