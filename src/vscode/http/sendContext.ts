// What a request is sent with besides its text: the environment, the credential, the file's
// variables and requests, the environment files, the settings, and the chain of named
// requests' last responses per .http file (for `{{name.response…}}`).
import * as vscode from 'vscode';
import type { Environment } from '../../core/fincode/environments';
import { environmentVariables } from '../../core/http/envFiles';
import type { HttpResponse } from '../../core/http/response';
import type { CredentialSource, SendContext, SendSettings } from '../../core/http/sender';
import type { Connections } from '../../core/net/connections';
import type { ProfilesModel } from '../profilesModel';
import { readHttpSettings, readSettings } from '../settings';
import type { SendCandidate } from './candidates';
import { folders, loadEnvironment } from './httpEnvironment';
import type { Target } from './target';
import { untrustedOverrides } from './workspaceTrust';

export interface SendContexts {
  /** `known`: an environment already resolved (Copy as cURL does not start the local sandbox). */
  contextFor(target: Target, candidate: SendCandidate, credential: CredentialSource, signal?: AbortSignal, known?: Environment): Promise<SendContext>;
  /** The document was closed: its chain goes. */
  forget(uri: vscode.Uri): void;
}

/** `httpEnvironment`: the .http variable environment's name now (httpEnvironmentChoice.ts). */
export function createSendContexts(model: ProfilesModel, connections: Connections, httpEnvironment: () => string): SendContexts {
  /** Named requests' last responses, per .http file. */
  const chains = new Map<string, Map<string, HttpResponse>>();
  return {
    async contextFor(target, candidate, credential, signal, known) {
      const environment = known ?? (await model.ensureReachable(candidate.environmentId));
      const envFile = await loadEnvironment(target.uri);
      const { root } = folders(target.uri);
      let chain = chains.get(target.uri.toString());
      if (!chain) chains.set(target.uri.toString(), (chain = new Map()));
      return {
        environment,
        credential,
        fileVariables: target.file.variables,
        fileRequests: target.file.requests,
        environmentVariables: environmentVariables(envFile, httpEnvironment()),
        ...(target.uri.scheme === 'file' ? { httpFilePath: target.uri.fsPath } : {}),
        ...(root === undefined ? {} : { workspaceRoot: root }),
        settings: sendSettings(),
        ...(signal ? { signal } : {}),
        chain,
        connections,
        ...untrustedOverrides(),
      };
    },
    forget(uri) {
      chains.delete(uri.toString());
    },
  };
}

function sendSettings(): Partial<SendSettings> {
  const settings = readSettings();
  const http = readHttpSettings();
  return {
    requiredHeaders: settings.requiredHeaders,
    authStyle: settings.authHeaderStyle,
    timeouts: settings.timeouts,
    maxResponseBytes: http.maxResponseBytes,
    followRedirects: http.followRedirects,
  };
}
