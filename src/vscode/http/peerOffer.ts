// The quiet offer to share our variables while REST Client or httpYac is installed: a Quick Fix on
// a `{{name}}` only FinCode defines (their diagnostics mark it, their Send cannot resolve it) or
// whose copy there is out of date, and at most once per session a notification when such a file
// is open, with "Don't Ask Again" kept in workspaceState. Never in an untrusted workspace.
import * as vscode from 'vscode';
import { namesToShare, PEERS, type PeerId } from '../../core/http/peerEnvironments';
import { shareableVariables } from '../../core/http/shareableVariables';
import { COMMANDS, PEER_OFFER_DISMISSED_KEY } from '../ids';
import type { Log } from '../log';
import type { ProfilesModel } from '../profilesModel';
import { HTTP_SELECTOR, isHttpDocument } from './documentSelector';
import type { HttpDocumentStore } from './documentStore';
import { loadEnvironmentFileLayers } from './httpEnvironment';
import { installedPeers, ourVariables, peerView } from './peerVariables';

interface PeerNeed {
  readonly peer: PeerId;
  readonly unseen: readonly string[];
  readonly stale: readonly string[];
}

/** For each installed peer, the names of `document` it cannot resolve or has an old copy of. */
async function needsOf(model: ProfilesModel, store: HttpDocumentStore, document: vscode.TextDocument, environment: () => string): Promise<PeerNeed[]> {
  const peers = installedPeers();
  const folder = vscode.workspace.getWorkspaceFolder(document.uri)?.uri;
  if (peers.length === 0 || !folder || !vscode.workspace.isTrusted) return [];
  const referenced = store.references(document).map((reference) => reference.name);
  if (referenced.length === 0) return [];
  const { ours, baseUrlLive } = await ourVariables(model, folder, false, environment());
  const { variables } = shareableVariables(ours);
  const files = await loadEnvironmentFileLayers(document.uri);
  const elsewhere = new Set([...store.parsed(document).variables.map((variable) => variable.name), ...Object.keys(files.shared), ...Object.values(files.environments).flatMap(Object.keys)]);
  const unsettled = new Set(baseUrlLive ? [] : ['baseUrl']);
  return peers
    .map((peer) => ({ peer, ...namesToShare(referenced, variables, elsewhere, peerView(peer, folder), unsettled) }))
    .filter((need) => need.unseen.length > 0 || need.stale.length > 0);
}

function peerNames(needs: readonly PeerNeed[]): string {
  return needs.map((need) => PEERS[need.peer].name).join(' and ');
}

function shareCommand(needs: readonly PeerNeed[], title: string): vscode.Command {
  return { command: COMMANDS.shareEnvironmentWithPeers, title, arguments: [{ peers: needs.map((need) => need.peer) }] };
}

function codeActions(model: ProfilesModel, store: HttpDocumentStore, environment: () => string): vscode.CodeActionProvider {
  return {
    async provideCodeActions(document, range, context) {
      const at = range.start;
      const reference = store.references(document).find((candidate) => candidate.line === at.line && candidate.column <= at.character && at.character <= candidate.endColumn);
      if (!reference) return [];
      const needs = (await needsOf(model, store, document, environment).catch(() => [])).filter((need) => need.unseen.includes(reference.name) || need.stale.includes(reference.name));
      if (needs.length === 0) return [];
      const stale = needs.every((need) => need.stale.includes(reference.name));
      const title = stale ? `Update FinCode's {{${reference.name}}} for ${peerNames(needs)}` : `Share FinCode's variables with ${peerNames(needs)} (only FinCode defines {{${reference.name}}})`;
      const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
      action.command = shareCommand(needs, title);
      const span = new vscode.Range(reference.line, reference.column, reference.line, reference.endColumn);
      // Their "not found" diagnostic on this reference is what the fix resolves.
      action.diagnostics = context.diagnostics.filter((diagnostic) => diagnostic.range.intersection(span) !== undefined);
      action.isPreferred = action.diagnostics.length > 0;
      return [action];
    },
  };
}

/** The notification, at most once per session and never after "Don't Ask Again". */
function notifier(context: vscode.ExtensionContext, model: ProfilesModel, store: HttpDocumentStore, log: Log, environment: () => string): (document: vscode.TextDocument | undefined) => void {
  let offered = false;
  return (document) => {
    if (offered || !document || !isHttpDocument(document) || context.workspaceState.get<boolean>(PEER_OFFER_DISMISSED_KEY) === true) return;
    void needsOf(model, store, document, environment)
      .then(async (needs) => {
        if (needs.length === 0 || offered) return;
        offered = true;
        const unseen = [...new Set(needs.flatMap((need) => need.unseen))].map((name) => `{{${name}}}`);
        const stale = [...new Set(needs.flatMap((need) => need.stale))].map((name) => `{{${name}}}`);
        const problem = unseen.length > 0 ? `${peerNames(needs)} cannot resolve ${unseen.join(', ')}: only FinCode defines ${unseen.length === 1 ? 'it' : 'them'}.` : `${peerNames(needs)} still ${needs.length === 1 ? 'has' : 'have'} FinCode's earlier ${stale.join(', ')}.`;
        const share = 'Share Variables';
        const never = "Don't Ask Again";
        const choice = await vscode.window.showInformationMessage(`${problem} Share FinCode's non-secret variables through .vscode/settings.json?`, share, never);
        if (choice === share) await vscode.commands.executeCommand(COMMANDS.shareEnvironmentWithPeers, { peers: needs.map((need) => need.peer) });
        if (choice === never) await context.workspaceState.update(PEER_OFFER_DISMISSED_KEY, true);
      })
      .catch((error: unknown) => log.warn(`peer offer: ${error instanceof Error ? error.message : String(error)}`));
  };
}

/** `environment`: the .http variable environment in use now. */
export function registerPeerOffer(context: vscode.ExtensionContext, model: ProfilesModel, store: HttpDocumentStore, log: Log, environment: () => string): void {
  const offer = notifier(context, model, store, log, environment);
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider(HTTP_SELECTOR, codeActions(model, store, environment), { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.window.onDidChangeActiveTextEditor((editor) => offer(editor?.document)),
  );
  offer(vscode.window.activeTextEditor?.document);
}
