// Add Profile: role, e-mail, name, whether to remember the password, the password; then offers
// to sign in.
import * as vscode from 'vscode';
import { ROLE_CAPABILITIES, ROLES, type Role } from '../../core/fincode/roles';
import { askInput, askPick, BACK, runSteps, type StepResult } from '../multiStepInput';
import { emailProblem, nameProblem, passwordProblem } from '../inputValidation';
import { ROLE_ICONS } from '../roleIcons';
import type { StoredProfile } from '../storedProfiles';
import { newId } from '../profilesModel';
import type { CommandDeps } from './commandDeps';
import { chooseEnvironmentToAddTo } from './environmentPicker';
import { signInReportingFailure } from './signInFlow';

const TOTAL_STEPS = 5;

interface ProfileAnswers {
  role: Role;
  email: string;
  name: string;
  remember: boolean;
  password: string;
}

function profileSteps(title: string, answers: ProfileAnswers): (() => Promise<StepResult<true>>)[] {
  const step = { title, totalSteps: TOTAL_STEPS };
  return [
    async () => {
      const roleItems = ROLES.map((r) => ({ label: `$(${ROLE_ICONS[r]}) ${r}`, description: ROLE_CAPABILITIES[r].slice(0, 3).join(', '), role: r }));
      const picked = await askPick({ ...step, step: 1, placeholder: 'The FinCode role of this user', items: roleItems, active: roleItems.find((i) => i.role === answers.role) });
      if (picked === undefined || picked === BACK) return picked;
      answers.role = picked.role;
      return true;
    },
    async () => {
      const value = await askInput({ ...step, step: 2, prompt: 'E-mail address of the FinCode user', value: answers.email, placeholder: 'name@example.com', validate: emailProblem });
      if (value === undefined || value === BACK) return value;
      answers.email = value.trim();
      return true;
    },
    async () => {
      const value = await askInput({ ...step, step: 3, prompt: 'A name for this profile (shown in the tree and the status bar)', value: answers.name || answers.role.toLowerCase(), validate: nameProblem });
      if (value === undefined || value === BACK) return value;
      answers.name = value.trim();
      return true;
    },
    async () => {
      const picked = await askPick({
        ...step,
        step: 4,
        placeholder: 'Keep the password in the OS keyring (SecretStorage)?',
        items: [
          { label: '$(lock) Remember the password', description: 'in the OS keyring; sign-in is one click', remember: true },
          { label: '$(circle-slash) Ask at every sign-in', description: 'nothing stored until you sign in', remember: false },
        ],
      });
      if (picked === undefined || picked === BACK) return picked;
      answers.remember = picked.remember;
      return true;
    },
    async () => {
      if (!answers.remember) return true;
      const value = await askInput({ ...step, step: 5, prompt: `Password for ${answers.email}`, password: true, validate: passwordProblem });
      if (value === undefined || value === BACK) return value;
      answers.password = value;
      return true;
    },
  ];
}

export async function addProfileWizard(deps: CommandDeps, arg?: unknown): Promise<void> {
  const { model } = deps;
  const env = await chooseEnvironmentToAddTo(model, arg, 'Add Profile');
  if (!env) return;
  const answers: ProfileAnswers = { role: 'CASHIER', email: '', name: '', remember: true, password: '' };
  if (!(await runSteps(profileSteps(`Add Profile to ${env.label}`, answers)))) return;
  const { role, email, name, remember, password } = answers;
  const profile: StoredProfile = { id: newId(), environmentId: env.id, name, role, email };
  await model.addProfile(profile, remember ? password : undefined);
  const signInNow = 'Sign In';
  void vscode.window
    .showInformationMessage(`Profile "${name}" (${role}) added to ${env.label}.`, signInNow)
    .then((choice) => (choice === signInNow ? signInReportingFailure(deps, profile.id) : undefined));
}
