// VS Code's own proxy settings (`http.proxy`, `http.noProxy`) for every FinCode request: the
// transport is undici, which VS Code's proxy support does not reach. Without `http.proxy` the
// HTTPS_PROXY / HTTP_PROXY / NO_PROXY environment variables apply (src/core/net/proxy.ts).
import * as vscode from 'vscode';
import type { Connections } from '../core/net/connections';
import { describeProxy } from '../core/net/proxy';
import type { Log } from './log';

const PROXY = 'http.proxy';
const NO_PROXY = 'http.noProxy';

function apply(connections: Connections, log: Log): void {
  const config = vscode.workspace.getConfiguration();
  const proxy = config.get<unknown>(PROXY);
  const noProxy = config.get<unknown>(NO_PROXY);
  const problem = connections.configureProxy({
    ...(typeof proxy === 'string' ? { proxy } : {}),
    ...(Array.isArray(noProxy) ? { noProxy: noProxy.filter((entry): entry is string => typeof entry === 'string') } : {}),
  });
  if (problem) {
    log.warn(problem);
    void vscode.window.showWarningMessage(`FinCode: ${problem}`);
    return;
  }
  // The proxy's name only: a user and password in the URL never reach the log.
  const { https, http } = connections.proxyRoute();
  const via = https ?? http;
  log.info(via ? `Requests go through the proxy ${describeProxy(via)} (loopback and no-proxy hosts directly).` : 'Requests go directly (no proxy configured).');
}

export function watchProxySettings(connections: Connections, log: Log): vscode.Disposable {
  apply(connections, log);
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(PROXY) || event.affectsConfiguration(NO_PROXY)) apply(connections, log);
  });
}
