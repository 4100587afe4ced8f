// The profiles model over a SecretStorage that fails or forgets (Row 26): a keyring that rejects a
// write gives an actionable message and nothing is kept anywhere else (no plain-text fallback);
// a secret that is gone (deleted out of band, a cleared keyring) reads as signed out / asks to
// paste again; a keyring that cannot be read or a corrupted entry says what to do. The model runs
// in plain Node with a minimal 'vscode' stand-in; sign-ins go to a real local sandbox.
// (In the code-server e2e suite a failing keyring cannot be provoked from outside: see accounts.e2e.ts
// for the "secret gone" case there.)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { secretKeys } from '../../src/core/auth/secretStore';
import { userMessage } from '../../src/vscode/userErrors';
import { fakeMemento, fakeSecretStorage } from '../support/fakeVscode';
import { loadProfilesModel, MODEL_SETTINGS, noSandbox, quietLog, type LoadedProfilesModel } from '../support/profilesModelDeps';
import { withSandbox, type TestSandbox } from '../support/sandbox';

const AGENT = { email: 'hello+2@remitjunction.co.uk', password: 'Password@1' };
const CANARY_PASSWORD = 'Canary-Keyring-Pass-3';
const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/;


describe('profiles model over a failing or forgetful SecretStorage', () => {
  let ProfilesModel: LoadedProfilesModel['ProfilesModel'];
  let extensionSecrets: LoadedProfilesModel['extensionSecrets'];
  let sandbox: TestSandbox;

  before(async () => {
    ({ ProfilesModel, extensionSecrets } = await loadProfilesModel());
    sandbox = await withSandbox();
  });

  after(() => sandbox.stop());

  async function setup() {
    const state = fakeMemento();
    const secrets = fakeSecretStorage();
    const warnings: string[] = [];
    const model = await ProfilesModel.create({
      state,
      secrets: extensionSecrets(secrets, undefined),
      sandbox: noSandbox,
      log: quietLog(warnings),
      settings: () => MODEL_SETTINGS,
      environmentsSetting: () => undefined,
    });
    await model.addEnvironment({ id: 'lab', label: 'lab', kind: 'custom', tenant: '', baseUrl: sandbox.baseUrl });
    return { state, secrets, model, warnings };
  }

  it('store rejects: Add Profile with a password fails with the keyring advice; the profile and the password are nowhere', async () => {
    const { state, secrets, model } = await setup();
    const before = model.snapshot.profiles.length;
    secrets.failure = 'store-rejects';
    const error = await model.addProfile({ id: 'p1', environmentId: 'lab', name: 'field', role: 'AGENT', email: AGENT.email }, CANARY_PASSWORD).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error, 'addProfile rejected');
    const message = userMessage(error);
    assert.match(message, /Could not save a FinCode secret in the OS keyring/);
    assert.match(message, /nothing was written in plain text/);
    assert.match(message, /Unlock or repair the keyring/);
    assert.ok(!message.includes(CANARY_PASSWORD));
    assert.equal(model.snapshot.profiles.length, before, 'no profile that claims a stored password');
    assert.ok(!state.text().includes(CANARY_PASSWORD), 'the password is not in globalState');
    assert.ok(![...secrets.map.values()].includes(CANARY_PASSWORD));
  });

  it('store rejects: an API token is not added and its value is kept nowhere', async () => {
    const { state, secrets, model } = await setup();
    secrets.failure = 'store-rejects';
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjYW5hcnkifQ.c2ln';
    await assert.rejects(model.addApiToken({ id: 't1', environmentId: 'lab', label: 'ci', expiry: '1m', createdAt: Date.now() }, token), /OS keyring/);
    assert.equal(model.snapshot.apiTokens.length, 0);
    assert.ok(!state.text().includes(token));
  });

  it('store rejects at sign-in with "remember": the sign-in fails with the keyring advice; no password or token in globalState', async () => {
    const { state, secrets, model } = await setup();
    await model.addProfile({ id: 'p2', environmentId: 'lab', name: 'field', role: 'AGENT', email: AGENT.email });
    secrets.failure = 'store-rejects';
    await assert.rejects(model.session('p2').signIn(AGENT.password, { remember: true }), (error: unknown) => /OS keyring/.test(userMessage(error)));
    secrets.failure = 'none';
    await model.reload();
    assert.equal(model.tokenState('p2').kind, 'signed-out');
    assert.ok(!state.text().includes(AGENT.password));
    assert.doesNotMatch(state.text(), JWT);
  });

  it('Remove deletes every secret of the profile: password, tokens and the renewal lease', async () => {
    const { secrets, model } = await setup();
    await model.addProfile({ id: 'p3', environmentId: 'lab', name: 'field', role: 'AGENT', email: AGENT.email }, AGENT.password);
    await model.session('p3').signIn(AGENT.password, { remember: true });
    await secrets.store('fincode.profile.p3.refreshLease', JSON.stringify({ owner: 'another window', until: Date.now() + 5_000 }));
    assert.ok([...secrets.map.keys()].filter((key) => key.includes('p3')).length >= 3);
    await model.remove('p3');
    assert.deepEqual([...secrets.map.keys()].filter((key) => key.includes('p3')), []);
  });

  it('a secret deleted out of band: the signed-in profile reads as signed out, its session asks for a sign-in, no stale token', async () => {
    const { secrets, model } = await setup();
    await model.addProfile({ id: 'p3', environmentId: 'lab', name: 'field', role: 'AGENT', email: AGENT.email });
    await model.session('p3').signIn(AGENT.password, { remember: false });
    await model.reload();
    assert.equal(model.tokenState('p3').kind, 'signed-in');
    secrets.deleteOutOfBand(secretKeys.tokens('p3'));
    // The model listens to SecretStorage changes and re-reads.
    await new Promise((resolve) => setImmediate(resolve));
    await model.reload();
    assert.equal(model.tokenState('p3').kind, 'signed-out');
    assert.equal(model.status('p3').status, 'signedOut');
    await assert.rejects(model.session('p3').getAccessToken(), (error: unknown) => /sign in/i.test(userMessage(error)));
  });

  it('an API token whose secret is gone: "missing from the OS keyring", paste it again', async () => {
    const { secrets, model } = await setup();
    await model.addApiToken({ id: 't2', environmentId: 'lab', label: 'ci', expiry: '1m', createdAt: Date.now() }, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjaSJ9.c2ln');
    secrets.deleteOutOfBand(secretKeys.apiToken('t2'));
    const error = await model.credentialFor('t2').then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.match(userMessage(error), /The API token "ci" is missing from the OS keyring\. Paste it again/);
  });

  it('get rejects: the profile is in error with the keyring advice, not signed in; a corrupted entry says "sign in again"', async () => {
    const { secrets, model } = await setup();
    await model.addProfile({ id: 'p4', environmentId: 'lab', name: 'field', role: 'AGENT', email: AGENT.email });
    await model.session('p4').signIn(AGENT.password, { remember: false });
    secrets.failure = 'get-rejects';
    await model.reload();
    const unreadable = model.tokenState('p4');
    assert.equal(unreadable.kind, 'unreadable');
    assert.match(unreadable.kind === 'unreadable' ? unreadable.message : '', /Could not read a FinCode secret in the OS keyring/);
    assert.equal(model.status('p4').status, 'error');

    secrets.failure = 'none';
    secrets.map.set(secretKeys.tokens('p4'), '{not json');
    await model.reload();
    const corrupted = model.tokenState('p4');
    assert.deepEqual(corrupted, { kind: 'unreadable', message: 'The stored session is unreadable: sign in again.' });
  });
});
