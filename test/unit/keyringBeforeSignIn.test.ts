// "The keyring is not touched until the user signs in": the profiles model over a SecretStorage
// spy. A first run (the four documented profiles), what the tree and the status bar ask (states,
// statuses), switching the active profile and adding the documented users read and write nothing
// there; the sign-in does (against the real local sandbox), and what it leaves in globalState is
// the session facts only: times, no token. A second window (or the next start) shows the signed-in
// state from those facts without a read. The model runs with the minimal 'vscode' stand-in.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DOCUMENTED_SANDBOX_USERS } from '../../src/core/fincode/testUsers';
import { PROFILES_STATE_KEY, SESSION_FACTS_STATE_KEY } from '../../src/vscode/ids';
import { fakeMemento, fakeSecretStorage } from '../support/fakeVscode';
import { loadProfilesModel, MODEL_SETTINGS, noSandbox, quietLog, type LoadedProfilesModel } from '../support/profilesModelDeps';
import { withSandbox, type TestSandbox } from '../support/sandbox';

const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/;

describe('no keyring access before a sign-in', { timeout: 30_000 }, () => {
  let ProfilesModel: LoadedProfilesModel['ProfilesModel'];
  let extensionSecrets: LoadedProfilesModel['extensionSecrets'];
  let sandbox: TestSandbox;

  before(async () => {
    ({ ProfilesModel, extensionSecrets } = await loadProfilesModel());
    sandbox = await withSandbox();
  });

  after(() => sandbox.stop());

  /** A window over `state` whose SecretStorage accesses are counted (the trace the e2e suite counts too). */
  async function window(state = fakeMemento(), secrets = fakeSecretStorage()) {
    const accesses: string[] = [];
    const model = await ProfilesModel.create({
      state,
      secrets: extensionSecrets(secrets, undefined, (message) => accesses.push(message)),
      sandbox: noSandbox,
      log: quietLog(),
      settings: () => MODEL_SETTINGS,
      environmentsSetting: () => undefined,
    });
    return { model, state, secrets, accesses };
  }

  it('a first run, the states the views show, switching and adding the documented users: zero reads and writes; the sign-in opens it', async () => {
    const { model, state, secrets, accesses } = await window();
    try {
      assert.equal(model.snapshot.profiles.length, 4, 'the four documented profiles are there');
      for (const profile of model.snapshot.profiles) {
        assert.equal(model.tokenState(profile.id).kind, 'signed-out');
        assert.equal(model.status(profile.id).status, 'signedOut');
      }
      await model.setActive(model.snapshot.profiles[2]!.id);
      await model.addEnvironment({ id: 'lab', label: 'lab', kind: 'custom', tenant: '', baseUrl: sandbox.baseUrl });
      assert.equal(await model.addDocumentedUsers('lab'), 4);
      await model.reload();
      assert.deepEqual(accesses, [], 'nothing asked the keyring');
      assert.equal(secrets.map.size, 0, 'no documented password was written');

      const cashier = model.childrenOf('lab').profiles.find((p) => p.role === 'CASHIER')!;
      assert.equal(await model.signInWithStoredPassword(cashier.id, { automatic: false }), true, 'the documented password signs in without being stored first');
      await model.reload();
      assert.ok(accesses.length > 0, 'the sign-in used the keyring');
      assert.equal(model.tokenState(cashier.id).kind, 'signed-in');
      const facts = state.get<Record<string, { expiresAt: number }>>(SESSION_FACTS_STATE_KEY);
      assert.ok(facts?.[cashier.id] && facts[cashier.id]!.expiresAt > Date.now(), 'the expiry is kept as a non-secret fact');
      assert.doesNotMatch(state.text(), JWT, 'no token in globalState');
      for (const user of DOCUMENTED_SANDBOX_USERS) assert.ok(!state.text().includes(user.password), 'no password in globalState');

      // The next start (or another window over the same globalState): the state from the facts, no read.
      const next = await window(state, secrets);
      try {
        assert.equal(next.model.tokenState(cashier.id).kind, 'signed-in');
        assert.equal(next.model.status(cashier.id).status, 'signedIn');
        assert.deepEqual(next.accesses, []);
        // Sending needs the token: the keyring is read then.
        assert.match(await next.model.session(cashier.id).getAccessToken(), JWT);
        assert.ok(next.accesses.some((line) => /^SecretStorage get fincode\.profile\..*\.tokens$/.test(line)));
      } finally {
        next.model.dispose();
      }
    } finally {
      model.dispose();
    }
  });

  it('a sign-out reaches the facts: the next start shows it signed out, still without a read', async () => {
    const { model, state, secrets } = await window();
    try {
      await model.addEnvironment({ id: 'lab', label: 'lab', kind: 'custom', tenant: '', baseUrl: sandbox.baseUrl });
      await model.addDocumentedUsers('lab');
      const agent = model.childrenOf('lab').profiles.find((p) => p.role === 'AGENT')!;
      await model.signInWithStoredPassword(agent.id, { automatic: false });
      await model.session(agent.id).signOut();
      await model.reload();
      const next = await window(state, secrets);
      assert.equal(next.model.tokenState(agent.id).kind, 'signed-out');
      assert.deepEqual(next.accesses, []);
      next.model.dispose();
    } finally {
      model.dispose();
    }
  });

  it('a keyring cleared since: the last known state shows until a session command opens the keyring, then the truth', async () => {
    const { model, state } = await window();
    try {
      await model.addEnvironment({ id: 'lab', label: 'lab', kind: 'custom', tenant: '', baseUrl: sandbox.baseUrl });
      await model.addDocumentedUsers('lab');
      const manager = model.childrenOf('lab').profiles.find((p) => p.role === 'MANAGER')!;
      await model.signInWithStoredPassword(manager.id, { automatic: false });
      await model.reload();
      const next = await window(state, fakeSecretStorage());
      assert.equal(next.model.tokenState(manager.id).kind, 'signed-in', 'last known, from the facts');
      assert.deepEqual(next.accesses, []);
      await next.model.openKeyring();
      assert.equal(next.model.tokenState(manager.id).kind, 'signed-out');
      assert.deepEqual(state.get(SESSION_FACTS_STATE_KEY), {}, 'the facts follow');
      next.model.dispose();
    } finally {
      model.dispose();
    }
  });

  it('data of a version before the facts: read once, as that version did, then kept as facts', async () => {
    const first = await window();
    const profiles = first.state.get<unknown>(PROFILES_STATE_KEY);
    first.model.dispose();
    const older = fakeMemento();
    await older.update(PROFILES_STATE_KEY, profiles);
    const upgraded = await window(older);
    try {
      assert.equal(upgraded.accesses.filter((line) => line.startsWith('SecretStorage get')).length, 4, "each profile's tokens read once");
      assert.deepEqual(older.get(SESSION_FACTS_STATE_KEY), {});
    } finally {
      upgraded.model.dispose();
    }
  });
});
