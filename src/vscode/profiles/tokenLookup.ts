// The token a profile or an API token stands for, for the commands that hand it to the user
// (copy, inspect) and for the JWT inspector re-reading it by id after a reload.
import * as vscode from 'vscode';
import { jwtExpiry } from '../apiTokenExpiry';
import { apiTokenProblem } from '../inputValidation';
import { MissingApiTokenError, type ProfilesModel } from '../profilesModel';

/** The token a profile (its current access token) or an API token stands for; undefined when there is none. */
export async function tokenOf(model: ProfilesModel, id: string): Promise<string | undefined> {
  const credential = await model.credentialFor(id);
  if (credential.kind === 'session') return credential.session.getAccessToken();
  return credential.kind === 'apiToken' ? credential.token : undefined;
}

/** tokenOf, asking the user to paste an API token again when its secret is missing from the keyring. */
export async function tokenOrAsk(model: ProfilesModel, id: string): Promise<string | undefined> {
  try {
    return await tokenOf(model, id);
  } catch (error) {
    if (!(error instanceof MissingApiTokenError)) throw error;
    const value = await vscode.window.showInputBox({
      title: `API token "${error.token.label}"`,
      prompt: 'This API token is missing from the OS keyring (cleared keyring, or another machine). Paste it again to keep using it.',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => {
        const problem = apiTokenProblem(v, Date.now());
        return problem ? { message: problem.message, severity: problem.severity === 'error' ? vscode.InputBoxValidationSeverity.Error : vscode.InputBoxValidationSeverity.Warning } : undefined;
      },
    });
    if (!value?.trim()) return undefined;
    await model.replaceApiTokenSecret(id, value.trim(), jwtExpiry(value, Date.now()));
    return value.trim();
  }
}
