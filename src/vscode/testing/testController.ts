// The Test Explorer's controller for .http checks: the tree of files, requests and roles
// (testTree.ts), found lazily (testDiscovery.ts), run with the profiles and sessions of every
// other command (testRunner.ts).
import * as vscode from 'vscode';
import type { HttpResponse } from '../../core/http/response';
import { TEST_CONTROLLER_ID } from '../ids';
import { userMessage } from '../userErrors';
import type { HttpServices } from '../http/httpServices';
import { outputLine } from './runResults';
import { createTestDiscovery } from './testDiscovery';
import { runLeaves } from './testRunner';
import { selectedLeaves } from './testSelection';
import { createTestTree } from './testTree';

export interface HttpTestController extends vscode.Disposable {
  readonly controller: vscode.TestController;
}

export function createHttpTestController(services: HttpServices): HttpTestController {
  const controller = vscode.tests.createTestController(TEST_CONTROLLER_ID, 'FinCode .http checks');
  const tree = createTestTree(controller);
  const discovery = createTestDiscovery(tree, services.store);
  controller.resolveHandler = (item) => discovery.resolve(item);
  controller.refreshHandler = () => discovery.refresh();

  const run = async (request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> => {
    const testRun = controller.createTestRun(request);
    const abort = new AbortController();
    const cancelled = token.onCancellationRequested(() => abort.abort());
    try {
      const leaves = await selectedLeaves(controller, tree, discovery, request);
      await runLeaves({ run: testRun, token, signal: abort.signal, services, chains: new Map<string, Map<string, HttpResponse>>(), statuses: [] }, leaves);
    } catch (error) {
      services.log.error(`Test run failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      testRun.appendOutput(outputLine(userMessage(error)));
    } finally {
      cancelled.dispose();
      testRun.end();
    }
  };
  const profile = controller.createRunProfile('Run checks', vscode.TestRunProfileKind.Run, (request, token) => void run(request, token), true);
  const disposable = vscode.Disposable.from(profile, discovery, controller);
  return { controller, dispose: () => disposable.dispose() };
}
