// Add Environment: a tenant's sandbox or production, or a custom base URL, with a label; a new
// sandbox offers the documented test users.
import * as vscode from 'vscode';
import { parseBaseUrl, tenantBaseUrl } from '../../core/fincode/environments';
import { COMMANDS, STATUS_MESSAGE_MS } from '../ids';
import { askInput, askPick, BACK, runSteps, type StepResult } from '../multiStepInput';
import { baseUrlProblem, nameProblem, tenantProblem } from '../inputValidation';
import type { StoredEnvironment } from '../storedProfiles';
import { newId } from '../profilesModel';
import type { CommandDeps } from './commandDeps';

const TOTAL_STEPS = 3;

type EnvKind = 'sandbox' | 'production' | 'custom';
type KindItem = vscode.QuickPickItem & { envKind: EnvKind };

interface EnvironmentAnswers {
  kind: EnvKind;
  tenant: string;
  baseUrl: string;
  label: string;
}

async function askKind(title: string, answers: EnvironmentAnswers): Promise<StepResult<true>> {
  const kinds: KindItem[] = [
    { label: '$(beaker) Tenant sandbox', description: 'https://{tenant}.fincode.software/sandbox/api/v6/services', envKind: 'sandbox' },
    { label: '$(cloud) Tenant production', description: 'https://{tenant}.fincode.software/api/v6/services', envKind: 'production' },
    { label: '$(server-environment) Custom base URL', description: 'any http(s) FinCode API base URL', envKind: 'custom' },
  ];
  const picked = await askPick({ title, step: 1, totalSteps: TOTAL_STEPS, placeholder: 'What kind of environment?', items: kinds, active: kinds.find((k) => k.envKind === answers.kind) });
  if (picked === undefined || picked === BACK) return picked;
  answers.kind = picked.envKind;
  return true;
}

/** The base URL typed (custom), or made from the tenant name. */
async function askWhere(title: string, answers: EnvironmentAnswers): Promise<StepResult<true>> {
  const step = { title, step: 2, totalSteps: TOTAL_STEPS };
  if (answers.kind === 'custom') {
    const value = await askInput({ ...step, prompt: 'Base URL of the FinCode API', value: answers.baseUrl, placeholder: 'https://tenant.fincode.software/api/v6/services', validate: baseUrlProblem });
    if (value === undefined || value === BACK) return value;
    const parsed = parseBaseUrl(value);
    if (!parsed.ok) return undefined;
    answers.baseUrl = parsed.baseUrl;
    return true;
  }
  const value = await askInput({ ...step, prompt: 'Tenant name (the first label of {tenant}.fincode.software)', value: answers.tenant, placeholder: 'remitjunction', validate: (v) => tenantProblem(v.trim()) });
  if (value === undefined || value === BACK) return value;
  answers.tenant = value.trim().toLowerCase();
  answers.baseUrl = tenantBaseUrl(answers.tenant, answers.kind);
  return true;
}

async function askLabel(title: string, answers: EnvironmentAnswers): Promise<StepResult<true>> {
  const suggested = answers.kind === 'custom' ? new URL(answers.baseUrl).host : `${answers.tenant} (${answers.kind})`;
  const value = await askInput({ title, step: 3, totalSteps: TOTAL_STEPS, prompt: `A label for ${answers.baseUrl}`, value: answers.label || suggested, validate: nameProblem });
  if (value === undefined || value === BACK) return value;
  answers.label = value.trim();
  return true;
}

export async function addEnvironmentWizard({ model }: CommandDeps): Promise<void> {
  const title = 'Add Environment';
  const answers: EnvironmentAnswers = { kind: 'sandbox', tenant: '', baseUrl: '', label: '' };
  const done = await runSteps([() => askKind(title, answers), () => askWhere(title, answers), () => askLabel(title, answers)]);
  if (!done) return;
  const { kind, tenant, baseUrl, label } = answers;
  const env: StoredEnvironment = { id: newId(), label, kind, tenant: kind === 'custom' ? '' : tenant, baseUrl };
  await model.addEnvironment(env);
  if (kind === 'sandbox') {
    const add = 'Add Documented Sandbox Test Users';
    void vscode.window
      .showInformationMessage(`Environment "${label}" added. Add the four sandbox test users from the FinCode documentation?`, add, 'Add Profile…')
      .then((choice) =>
        choice === add
          ? vscode.commands.executeCommand(COMMANDS.addDocumentedUsers, env.id)
          : choice
            ? vscode.commands.executeCommand(COMMANDS.addProfile, env.id)
            : undefined,
      );
  } else {
    vscode.window.setStatusBarMessage(`$(pass) Environment "${label}" added (${baseUrl})`, STATUS_MESSAGE_MS);
  }
}
