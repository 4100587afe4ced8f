// The profiles model's coalesced reload: a sign-in that lands while an earlier reload is saving
// the session facts (two profiles signed in at once by "Sign In and Send") is read too, so the
// Profiles tree does not go on showing it signed out. The model runs with the minimal 'vscode'
// stand-in; tokens are written to its keyring as a sign-in writes them.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { writeTokenRecord } from '../../src/core/auth/tokenRecord';
import { SESSION_FACTS_STATE_KEY } from '../../src/vscode/ids';
import { fakeMemento, fakeSecretStorage } from '../support/fakeVscode';
import { loadProfilesModel, MODEL_SETTINGS, noSandbox, quietLog, type LoadedProfilesModel } from '../support/profilesModelDeps';

describe('profiles model reload', () => {
  let loaded: LoadedProfilesModel;

  before(async () => {
    loaded = await loadProfilesModel();
  });

  it('a reload asked for while the facts are being saved reads the keyring again', async () => {
    const state = fakeMemento();
    const secrets = loaded.extensionSecrets(fakeSecretStorage(), undefined);
    const model = await loaded.ProfilesModel.create({ state, secrets, sandbox: noSandbox, log: quietLog(), settings: () => MODEL_SETTINGS, environmentsSetting: () => undefined });
    try {
      await model.addEnvironment({ id: 'lab', label: 'lab', kind: 'custom', tenant: '', baseUrl: 'http://127.0.0.1:9' });
      await model.addProfile({ id: 'manager', environmentId: 'lab', name: 'lab-manager', role: 'MANAGER', email: 'm@example.com' });
      await model.addProfile({ id: 'agent', environmentId: 'lab', name: 'lab-agent', role: 'AGENT', email: 'a@example.com' });
      await model.openKeyring();

      // Saving the facts waits until released, as globalState's round trip to the main thread can.
      let savingFacts!: () => void;
      const factsSaveStarted = new Promise<void>((resolve) => (savingFacts = resolve));
      let releaseFacts!: () => void;
      const factsReleased = new Promise<void>((resolve) => (releaseFacts = resolve));
      const update = state.update.bind(state);
      state.update = async (key: string, value: unknown) => {
        if (key === SESSION_FACTS_STATE_KEY) {
          savingFacts();
          await factsReleased;
        }
        await update(key, value);
      };

      const tokens = { accessToken: 'access', refreshToken: 'refresh', expiresAt: Date.now() + 3_600_000, receivedAt: Date.now() };
      // The manager's sign-in: its keyring change starts a reload, which saves the new facts.
      await writeTokenRecord(secrets.store, 'manager', tokens);
      await factsSaveStarted;
      // The agent's sign-in lands meanwhile.
      await writeTokenRecord(secrets.store, 'agent', tokens);
      const reloaded = model.reload();
      releaseFacts();
      await reloaded;

      assert.equal(model.tokenState('manager').kind, 'signed-in');
      assert.equal(model.tokenState('agent').kind, 'signed-in', 'the sign-in written during the save is read');
      assert.equal(model.status('agent').status, 'signedIn');
    } finally {
      model.dispose();
    }
  });
});
