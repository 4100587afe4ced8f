// The one sign-in policy (core/auth/signInPolicy.ts) against the real sandbox's lockout counter
// (5 failures lock an e-mail): a wrong stored password used by every path (the Sign In command
// and the every-role run through the profiles model, the session's recovery after a rejected
// refresh, a second window, the CLI) costs exactly one failed login, not one per path; a
// documented user's built-in password is not tried after a refusal either; a lockout is not
// retried by sign-ins nobody asked for. The model runs with the minimal 'vscode' stand-in.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { hostLocks } from '../../src/core/auth/hostLock';
import type { Session } from '../../src/core/auth/session';
import type { Environment } from '../../src/core/fincode/environments';
import { createConnections } from '../../src/core/net/connections';
import { secretKeys } from '../../src/core/auth/secretStore';
import { credentialFor } from '../../src/cli/credentials';
import { AccountLockedError, InvalidCredentialsError, SignInRequiredError } from '../../src/core/fincode/errors';
import { DOCUMENTED_SANDBOX_USERS } from '../../src/core/fincode/testUsers';
import type { SandboxOptions } from '../../src/sandbox/server';
import type { ProfilesModel as ProfilesModelType } from '../../src/vscode/profilesModel';
import type { extensionSecrets as ExtensionSecretsType } from '../../src/vscode/secretVault';
import { fakeMemento, fakeSecretStorage, installFakeVscode, type FakeSecretStorage } from '../support/fakeVscode';
import { MODEL_SETTINGS, noSandbox, quietLog } from '../support/profilesModelDeps';
import { withSandbox, type TestSandbox } from '../support/sandbox';
import { rejectionOf, sendWith } from '../support/session';

const [, AGENT, CASHIER] = DOCUMENTED_SANDBOX_USERS;
const WRONG = 'Changed-Elsewhere-4';


/** The CLI's connection pools, closed when the tests end. */
const connections = createConnections();
after(() => connections.close());

/** The CLI's credential for AGENT's e-mail with a wrong password (FINCODE_EMAIL + FINCODE_PASSWORD). */
function otherClient(env: Environment): Pick<Session, 'getAccessToken' | 'withAuth'> {
  const credential = credentialFor({ email: AGENT.email, password: WRONG }, env, 'cli', connections);
  assert.ok(credential.kind === 'session');
  return credential.session;
}

describe('one sign-in policy for every path, counted by the sandbox', { timeout: 30_000 }, () => {
  let ProfilesModel: typeof ProfilesModelType;
  let extensionSecrets: typeof ExtensionSecretsType;

  before(async () => {
    installFakeVscode();
    ({ ProfilesModel } = await import('../../src/vscode/profilesModel'));
    ({ extensionSecrets } = await import('../../src/vscode/secretVault'));
  });

  /** A window (a model) with the test's sandbox as the "lab" environment; secondWindow() opens another over the same SecretStorage, globalState and lock folder. */
  async function windows(ctx: TestContext, options: SandboxOptions = {}) {
    const t = await withSandbox(options);
    const dir = mkdtempSync(join(tmpdir(), 'fincode-policy-'));
    ctx.after(async () => {
      await t.stop();
      rmSync(dir, { recursive: true, force: true });
    });
    const secrets = fakeSecretStorage();
    const state = fakeMemento();
    const window = async () => {
      const model = await ProfilesModel.create({
        state,
        secrets: { store: extensionSecrets(secrets, undefined).store, locks: hostLocks(dir), dispose: () => undefined },
        sandbox: noSandbox,
        log: quietLog(),
        settings: () => MODEL_SETTINGS,
        environmentsSetting: () => undefined,
      });
      ctx.after(() => model.dispose());
      return model;
    };
    const a = await window();
    await a.addEnvironment({ id: 'lab', label: 'lab', kind: 'custom', tenant: '', baseUrl: t.baseUrl });
    return { t, secrets, a, secondWindow: window };
  }

  const failures = async (t: TestSandbox): Promise<number> => (await t.counters()).failedLogins;

  function spoilRefreshToken(secrets: FakeSecretStorage, profileId: string): void {
    const tokens = JSON.parse(secrets.map.get(secretKeys.tokens(profileId)) ?? '{}') as Record<string, unknown>;
    secrets.map.set(secretKeys.tokens(profileId), JSON.stringify({ ...tokens, refreshToken: 'def50200deadbeef' }));
  }

  it('a stored password changed elsewhere: recovery, Sign In, every-role, the other window and a retry cost one failed login', async (ctx) => {
    const { t, secrets, a, secondWindow } = await windows(ctx);
    await a.addProfile({ id: 'p1', environmentId: 'lab', name: 'field', role: 'AGENT', email: AGENT.email });
    const b = await secondWindow();
    await a.session('p1').signIn(AGENT.password, { remember: true });
    secrets.map.set(secretKeys.password('p1'), WRONG);
    spoilRefreshToken(secrets, 'p1');
    const before = await failures(t);

    const recovery = await rejectionOf(a.session('p1').refreshNow());
    assert.ok(recovery instanceof SignInRequiredError, 'recovery: "sign in again"');
    assert.equal(await failures(t), before + 1, 'the recovery tried the stored password once');
    assert.equal(await a.session('p1').hasStoredPassword(), false, 'and forgot it at once');

    assert.equal(await a.signInWithStoredPassword('p1', { automatic: false }), false, 'Sign In: no stored password to try, it asks');
    assert.equal(await a.signInWithStoredPassword('p1', { automatic: true }), false, 'every-role run: nothing to try');
    assert.ok((await rejectionOf(b.session('p1').getAccessToken())) instanceof SignInRequiredError, 'the other window is signed out too');
    assert.equal(await b.signInWithStoredPassword('p1', { automatic: true }), false, 'the other window tries nothing');
    assert.equal(await failures(t), before + 1, 'one failed login for every path together');

    // Until the user types a password: then it works (one failure is far from the lock) and the hold ends.
    await a.session('p1').signIn(AGENT.password, { remember: true });
    assert.equal(await b.signInWithStoredPassword('p1', { automatic: false }), true, 'the typed password is stored and used again');
    assert.equal(await failures(t), before + 1);
  });

  it('the Sign In command meets the refusal first: every other path then tries nothing', async (ctx) => {
    const { t, secrets, a, secondWindow } = await windows(ctx);
    await a.addProfile({ id: 'p2', environmentId: 'lab', name: 'field', role: 'AGENT', email: AGENT.email }, WRONG);
    const b = await secondWindow();
    const before = await failures(t);
    assert.ok((await rejectionOf(a.signInWithStoredPassword('p2', { automatic: false }))) instanceof InvalidCredentialsError);
    assert.equal(secrets.map.has(secretKeys.password('p2')), false, 'forgotten at once');
    const again = await Promise.all([a.signInWithStoredPassword('p2', { automatic: true }), b.signInWithStoredPassword('p2', { automatic: true }), b.signInWithStoredPassword('p2', { automatic: false })]);
    assert.deepEqual(again, [false, false, false]);
    assert.equal(await failures(t), before + 1);
  });

  it('two windows try one wrong stored password at the same moment: one failed login', async (ctx) => {
    const { t, a, secondWindow } = await windows(ctx);
    await a.addProfile({ id: 'p3', environmentId: 'lab', name: 'field', role: 'AGENT', email: AGENT.email }, WRONG);
    const b = await secondWindow();
    const before = await failures(t);
    const outcomes = await Promise.allSettled([a.signInWithStoredPassword('p3', { automatic: true }), b.signInWithStoredPassword('p3', { automatic: true })]);
    assert.equal(outcomes.filter((outcome) => outcome.status === 'rejected').length, 1, 'one window met the refusal');
    assert.deepEqual(outcomes.find((outcome) => outcome.status === 'fulfilled'), { status: 'fulfilled', value: false }, 'the other found nothing to try');
    assert.equal(await failures(t), before + 1);
  });

  it('a documented user whose stored password was refused: the built-in password is not tried after the refusal', async (ctx) => {
    const { t, secrets, a } = await windows(ctx);
    await a.addProfile({ id: 'p4', environmentId: 'lab', name: 'cashier', role: 'CASHIER', email: CASHIER.email, documented: true }, WRONG);
    const before = await failures(t);
    assert.ok((await rejectionOf(a.signInWithStoredPassword('p4', { automatic: false }))) instanceof InvalidCredentialsError);
    assert.equal(await a.signInWithStoredPassword('p4', { automatic: true }), false);
    assert.equal(await a.signInWithStoredPassword('p4', { automatic: false }), false, 'Sign In asks for a password instead');
    assert.equal(await failures(t), before + 1);
    // Without a refusal, a documented user with no stored password signs in with the built-in one and keeps it.
    await a.addProfile({ id: 'p5', environmentId: 'lab', name: 'cashier 2', role: 'CASHIER', email: CASHIER.email, documented: true });
    assert.equal(await a.signInWithStoredPassword('p5', { automatic: true }), true);
    assert.equal(secrets.map.get(secretKeys.password('p5')), CASHIER.password);
  });

  it('a lockout is not retried by the every-role run or recovery; the user\'s own Sign In still tries', async (ctx) => {
    const { t, a } = await windows(ctx, { lockoutAttempts: 1, lockoutSeconds: 600 });
    await a.addProfile({ id: 'p6', environmentId: 'lab', name: 'field', role: 'AGENT', email: AGENT.email }, AGENT.password);
    // Someone else's wrong password locks the e-mail.
    await rejectionOf(sendWith(otherClient(a.coreEnvironment('lab')), a.coreEnvironment('lab')));
    const before = await failures(t);
    assert.ok((await rejectionOf(a.signInWithStoredPassword('p6', { automatic: true }))) instanceof AccountLockedError);
    assert.ok((await rejectionOf(a.signInWithStoredPassword('p6', { automatic: true }))) instanceof SignInRequiredError, 'not retried by itself');
    assert.equal(await failures(t), before + 1);
    assert.ok((await rejectionOf(a.signInWithStoredPassword('p6', { automatic: false }))) instanceof AccountLockedError, 'the command asks FinCode again');
    assert.equal(await failures(t), before + 2);
    assert.equal(await a.session('p6').hasStoredPassword(), true, 'a lockout does not say the password is wrong');
  });

  it('the CLI: a wrong password for a run of several requests is one failed login', async (ctx) => {
    const t = await withSandbox();
    ctx.after(() => t.stop());
    const session = otherClient(t.env);
    for (let i = 0; i < 3; i += 1) assert.ok((await rejectionOf(sendWith(session, t.env))) instanceof InvalidCredentialsError);
    assert.equal((await t.counters()).failedLogins, 1);
  });
});
