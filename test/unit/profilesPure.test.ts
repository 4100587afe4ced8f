// The pure half of "Profiles and tokens": stored data, state labels, tree and status bar shaping,
// validators, refresh scheduling; and the manifest's menus against the contextValues produced.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DOCUMENTED_SANDBOX_USERS } from '../../src/core/fincode/testUsers';
import { COMMANDS } from '../../src/vscode/ids';
import {
  apiTokenProblem,
  apiTokenShape,
  apiTokenTiming,
  baseUrlProblem,
  defaultData,
  documentedPassword,
  documentedProfiles,
  emailProblem,
  environmentShape,
  environmentsFromSetting,
  expiryMismatch,
  formatTimeLeft,
  formatTimeLeftShort,
  jwtExpiry,
  localEnvironment,
  LOCAL_ENVIRONMENT_ID,
  nameProblem,
  nextWakeDelay,
  parseData,
  passwordProblem,
  profileShape,
  profileStatus,
  refreshDueAt,
  statusBarView,
  tenantProblem,
  type StoredApiToken,
  type StoredProfile,
} from '../../src/vscode/profiles.pure';
import { UserFacingError, userMessage } from '../../src/vscode/userErrors.pure';
import { AccountLockedError, InvalidCredentialsError, NetworkError } from '../../src/core/fincode/errors';
import { jwt } from '../support/jwt';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const MIN = 60_000;

let counter = 0;
const ids = (): string => `id-${++counter}`;

const cashier: StoredProfile = { id: 'p-cashier', environmentId: LOCAL_ENVIRONMENT_ID, name: 'till-1', role: 'CASHIER', email: 'excel.nwachukwu+662@fincode.co.uk', documented: true };

describe('stored data', () => {
  it('first run: the local sandbox (custom, 127.0.0.1) with the four documented profiles, no password in it', () => {
    const data = defaultData(ids);
    assert.equal(data.environments.length, 1);
    const [env] = data.environments;
    assert.equal(env!.id, LOCAL_ENVIRONMENT_ID);
    assert.equal(env!.kind, 'custom');
    assert.equal(env!.local, true);
    assert.match(env!.baseUrl, /^http:\/\/127\.0\.0\.1/);
    assert.deepEqual(data.profiles.map((p) => p.role), ['MANAGER', 'AGENT', 'CASHIER', 'CUSTOMER']);
    assert.equal(new Set(data.profiles.map((p) => p.id)).size, 4, 'own ids, not e-mails (cashier and customer share one)');
    const text = JSON.stringify(data);
    for (const user of DOCUMENTED_SANDBOX_USERS) assert.ok(!text.includes(user.password), 'no password in globalState');
  });

  it('the documented password is found by role and e-mail (the shared e-mail has two passwords)', () => {
    const [, , cashierProfile, customerProfile] = defaultData(ids).profiles;
    assert.equal(documentedPassword(cashierProfile!), 'PQW7ERMP');
    assert.equal(documentedPassword(customerProfile!), 'Password@1');
    assert.equal(documentedPassword({ ...cashierProfile!, documented: undefined }), undefined);
  });

  it('adding the documented users twice adds nothing the second time', () => {
    const first = documentedProfiles('env-1', ids);
    assert.equal(first.length, 4);
    assert.equal(documentedProfiles('env-1', ids, first).length, 0);
    assert.equal(documentedProfiles('env-2', ids, first).length, 4);
  });

  it('parseData keeps valid entries, drops malformed ones and a dangling active id', () => {
    const raw = {
      environments: [localEnvironment(), { id: 'x', label: 'bad', kind: 'moon', baseUrl: 'x' }],
      profiles: [cashier, { ...cashier, id: 'p2', role: 'ADMIN' }, { ...cashier, id: 'p3', environmentId: 'gone' }],
      apiTokens: [{ id: 't1', environmentId: LOCAL_ENVIRONMENT_ID, label: 'ci', expiry: '1m', createdAt: NOW }, { id: 't2', environmentId: LOCAL_ENVIRONMENT_ID, label: 'x', expiry: '2w', createdAt: NOW }],
      activeId: 'p2',
    };
    const data = parseData(raw)!;
    assert.deepEqual(data.environments.map((e) => e.id), [LOCAL_ENVIRONMENT_ID]);
    assert.deepEqual(data.profiles.map((p) => p.id), ['p-cashier']);
    assert.deepEqual(data.apiTokens.map((t) => t.id), ['t1']);
    assert.equal(data.activeId, undefined);
    assert.equal(parseData(undefined), undefined);
    assert.equal(parseData([1, 2]), undefined);
  });
});

describe('environments from the fincode.environments setting', () => {
  it('builds each kind as Add Environment does, marked as from the settings', () => {
    const { environments, problems } = environmentsFromSetting([
      { id: 'acme-sb', kind: 'sandbox', tenant: 'acme' },
      { id: 'acme', label: 'ACME live', kind: 'production', tenant: 'acme' },
      { id: 'mock', kind: 'custom', baseUrl: 'http://127.0.0.1:9999/api/v6/services/' },
    ]);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      environments.map((env) => [env.id, env.label, env.kind, env.baseUrl, env.fromSettings]),
      [
        ['setting:acme-sb', 'acme (sandbox)', 'sandbox', 'https://acme.fincode.software/sandbox/api/v6/services', true],
        ['setting:acme', 'ACME live', 'production', 'https://acme.fincode.software/api/v6/services', true],
        ['setting:mock', 'http://127.0.0.1:9999/api/v6/services', 'custom', 'http://127.0.0.1:9999/api/v6/services', true],
      ],
    );
  });

  it('leaves out bad entries with a problem naming each, and never throws', () => {
    const { environments, problems } = environmentsFromSetting([
      { id: 'ok', kind: 'custom', baseUrl: 'https://api.example.test' },
      { kind: 'sandbox', tenant: 'acme' },
      { id: 'k', kind: 'staging' },
      { id: 'bad tenant', kind: 'sandbox', tenant: 'not a tenant!' },
      { id: 'creds', kind: 'custom', baseUrl: 'https://user:pw@api.example.test' },
      { id: 'ok', kind: 'custom', baseUrl: 'https://other.example.test' },
      'text',
      null,
    ]);
    assert.deepEqual(environments.map((env) => env.id), ['setting:ok']);
    assert.equal(problems.length, 7);
    assert.match(problems[0]!, /fincode\.environments\[1\] needs an "id"/);
    assert.match(problems[1]!, /"kind" must be sandbox, production or custom/);
    assert.match(problems[2]!, /not a valid tenant name/);
    assert.match(problems[3]!, /must not contain a user name or password/);
    assert.match(problems[4]!, /used twice/);
    for (const raw of [42, 'x', {}, [[]], [{ id: {}, kind: [] }]]) assert.doesNotThrow(() => environmentsFromSetting(raw));
    assert.deepEqual(environmentsFromSetting(undefined), { environments: [], problems: [] });
  });

  it('profiles stored for a setting environment survive a reload while the setting declares it', () => {
    const raw = { environments: [], profiles: [{ id: 'p', environmentId: 'setting:acme', name: 'me', role: 'AGENT', email: 'a@b.co' }], apiTokens: [] };
    assert.equal(parseData(raw)!.profiles.length, 0, 'an environment nobody declares: dropped');
    assert.equal(parseData(raw, new Set(['setting:acme']))!.profiles.length, 1);
  });
});

describe('state labels', () => {
  it('formats time left', () => {
    assert.equal(formatTimeLeft(41 * 60 + 5), '41 min');
    assert.equal(formatTimeLeft(30), 'less than a minute');
    assert.equal(formatTimeLeft(65 * 60), '1 h 5 min');
    assert.equal(formatTimeLeft(2 * 3600), '2 h');
    assert.equal(formatTimeLeft(29 * 86400 + 100), '29 days');
    assert.equal(formatTimeLeftShort(41 * 60 + 59), '41m');
    assert.equal(formatTimeLeftShort(65 * 60), '1h05m');
    assert.equal(formatTimeLeftShort(10), '<1m');
    assert.equal(formatTimeLeftShort(29 * 86400), '29d');
  });

  it('signed in · expires in 41 min; refresh due under the buffer; expired; signed out', () => {
    const signedIn = profileStatus({ kind: 'signed-in', expiresAt: NOW + 41 * MIN + 30_000 }, undefined, NOW, 300);
    assert.equal(signedIn.status, 'signedIn');
    assert.equal(signedIn.label, 'signed in · expires in 41 min');
    assert.equal(signedIn.refreshDue, false);
    assert.equal(profileStatus({ kind: 'signed-in', expiresAt: NOW + 4 * MIN }, undefined, NOW, 300).refreshDue, true);
    // A 6-minute token under a 5-minute buffer: due at half its life, as renewal sees it, not from the start.
    const shortLived = { kind: 'signed-in', expiresAt: NOW + 6 * MIN, receivedAt: NOW } as const;
    assert.equal(profileStatus(shortLived, undefined, NOW, 300).refreshDue, false);
    assert.equal(profileStatus(shortLived, undefined, NOW + 3 * MIN, 300).refreshDue, true);
    assert.equal(profileStatus({ kind: 'signed-in', expiresAt: NOW - 1 }, undefined, NOW, 300).label, 'expired');
    assert.equal(profileStatus({ kind: 'signed-out' }, undefined, NOW, 300).label, 'signed out');
  });

  it('locked and error come from the last failure; an unreadable session is an error', () => {
    const locked = profileStatus({ kind: 'signed-out' }, { kind: 'locked', message: 'The account is locked', at: NOW }, NOW, 300);
    assert.equal(locked.status, 'locked');
    assert.equal(locked.detail, 'The account is locked');
    assert.equal(profileStatus({ kind: 'signed-out' }, { kind: 'error', message: 'down', at: NOW }, NOW, 300).label, 'error');
    assert.equal(profileStatus({ kind: 'unreadable', message: 'sign in again' }, undefined, NOW, 300).status, 'error');
    // A failed background renewal while still signed in stays signed in, with the detail.
    const stillIn = profileStatus({ kind: 'signed-in', expiresAt: NOW + 10 * MIN }, { kind: 'error', message: 'timeout', at: NOW }, NOW, 300);
    assert.equal(stillIn.status, 'signedIn');
    assert.match(stillIn.detail ?? '', /timeout/);
  });
});

describe('tree shaping', () => {
  it('a profile: name, role icon, e-mail and state in the description, namespaced contextValue, active mark', () => {
    const view = profileStatus({ kind: 'signed-in', expiresAt: NOW + 41 * MIN + 1000 }, undefined, NOW, 300);
    const shape = profileShape(cashier, view, true);
    assert.equal(shape.label, 'till-1');
    assert.equal(shape.icon, 'credit-card');
    assert.equal(shape.contextValue, 'fincode:profile:signedIn:active');
    assert.equal(shape.description, '● signed in · expires in 41 min · CASHIER · excel.nwachukwu+662@fincode.co.uk');
    const out = profileShape({ ...cashier, role: 'MANAGER' }, profileStatus({ kind: 'signed-out' }, undefined, NOW, 300), false);
    assert.equal(out.icon, 'organization');
    assert.equal(out.contextValue, 'fincode:profile:signedOut:inactive');
    assert.equal(profileShape({ ...cashier, role: 'AGENT' }, view, false).icon, 'briefcase');
    assert.equal(profileShape({ ...cashier, role: 'CUSTOMER' }, view, false).icon, 'person');
  });

  it('an API token: label, chosen expiry and time left (from exp when decodable, else created + expiry)', () => {
    const token: StoredApiToken = { id: 't', environmentId: 'e', label: 'ci', expiry: '1m', createdAt: NOW - 86400_000 };
    assert.equal(apiTokenTiming(token, NOW).source, 'created');
    assert.equal(apiTokenShape(token, NOW, false).description, '29 days left · API token · 1 month');
    const withExp = { ...token, jwtExpiresAt: NOW + 2 * 3600_000 };
    assert.equal(apiTokenTiming(withExp, NOW).source, 'jwt');
    assert.match(apiTokenShape(withExp, NOW, false).description, /2 h left/);
    assert.equal(apiTokenShape(withExp, NOW, true).contextValue, 'fincode:apiToken:valid:active');
    assert.equal(apiTokenShape({ ...token, jwtExpiresAt: NOW - 1000 }, NOW, false).contextValue, 'fincode:apiToken:expired:inactive');
  });

  it('the local environment says whether the sandbox runs', () => {
    assert.match(environmentShape(localEnvironment(), undefined).description, /not running/);
    const running = environmentShape(localEnvironment(), 'http://127.0.0.1:43210/api/v6/services');
    assert.match(running.description, /running at 127\.0\.0\.1:43210/);
    assert.equal(running.contextValue, 'fincode:environment:local');
    assert.equal(environmentShape({ id: 'e', label: 'rj', kind: 'sandbox', tenant: 'rj', baseUrl: 'https://rj.fincode.software/sandbox/api/v6/services' }, undefined).contextValue, 'fincode:environment:sandbox');
  });
});

describe('status bar', () => {
  const env = 'Local sandbox';
  it('role, name and time left; warning under the buffer; error when expired or signed out', () => {
    const view = profileStatus({ kind: 'signed-in', expiresAt: NOW + 41 * MIN + 1000 }, undefined, NOW, 300);
    const ok = statusBarView({ kind: 'profile', profile: cashier, view, environmentLabel: env }, NOW);
    assert.equal(ok.text, '$(credit-card) CASHIER · till-1 · 41m');
    assert.equal(ok.background, undefined);
    const due = statusBarView({ kind: 'profile', profile: cashier, view: profileStatus({ kind: 'signed-in', expiresAt: NOW + 2 * MIN }, undefined, NOW, 300), environmentLabel: env }, NOW);
    assert.equal(due.background, 'warning');
    const expired = statusBarView({ kind: 'profile', profile: cashier, view: profileStatus({ kind: 'signed-in', expiresAt: NOW - 1 }, undefined, NOW, 300), environmentLabel: env }, NOW);
    assert.equal(expired.background, 'error');
    assert.equal(expired.text, '$(credit-card) CASHIER · till-1 · expired');
    const out = statusBarView({ kind: 'profile', profile: cashier, view: profileStatus({ kind: 'signed-out' }, undefined, NOW, 300), environmentLabel: env }, NOW);
    assert.equal(out.text, '$(credit-card) CASHIER · till-1 · signed out');
    assert.equal(out.background, 'error');
    assert.equal(statusBarView({ kind: 'none' }, NOW).background, undefined);
  });
});

describe('validators', () => {
  it('e-mail, password ≥ 8, name', () => {
    assert.equal(emailProblem('hello@remitjunction.co.uk'), undefined);
    assert.ok(emailProblem('hello@'));
    assert.ok(emailProblem('no at sign'));
    assert.ok(emailProblem('a@b'));
    assert.equal(passwordProblem('PQW7ERMP'), undefined);
    assert.ok(passwordProblem('short'));
    assert.ok(nameProblem('  '));
    assert.equal(nameProblem('till-1'), undefined);
  });

  it('tenant as a DNS label; a custom base URL parsed', () => {
    assert.equal(tenantProblem('remitjunction'), undefined);
    assert.ok(tenantProblem('-bad'));
    assert.ok(tenantProblem('a.b'));
    assert.equal(baseUrlProblem('https://x.example/api/v6/services'), undefined);
    assert.ok(baseUrlProblem('ftp://x'));
    assert.ok(baseUrlProblem('https://u:p@x.example'));
  });

  it('an API token: empty is an error, not a JWT is a warning, a JWT is fine; exp disagreement warns', () => {
    assert.equal(apiTokenProblem('', NOW)?.severity, 'error');
    assert.equal(apiTokenProblem('abc def', NOW)?.severity, 'error');
    assert.equal(apiTokenProblem('opaque-token', NOW)?.severity, 'warning');
    const exp = Math.floor(NOW / 1000) + 30 * 86400;
    const token = jwt({ sub: 'api', exp });
    assert.equal(apiTokenProblem(token, NOW), undefined);
    assert.equal(apiTokenProblem(jwt({ exp: Math.floor(NOW / 1000) - 10 }), NOW)?.severity, 'warning');
    assert.equal(jwtExpiry(token, NOW), exp * 1000);
    assert.equal(expiryMismatch(exp * 1000, '1m', NOW), undefined);
    assert.match(expiryMismatch(exp * 1000, '1y', NOW) ?? '', /disagrees with the chosen 1 year/);
    assert.equal(expiryMismatch(undefined, '1y', NOW), undefined);
  });
});

describe('refresh scheduling', () => {
  it('due at expiresAt − buffer; waits at most a minute at a time; fires at once when overdue (after a sleep)', () => {
    const expiresAt = NOW + 60 * MIN;
    const due = refreshDueAt(expiresAt, 300);
    assert.equal(due, expiresAt - 300_000 + 1000);
    assert.equal(nextWakeDelay(due, NOW), 60_000);
    assert.equal(nextWakeDelay(due, due - 5000), 5000);
    assert.equal(nextWakeDelay(due, due + 3 * 3600_000), 0);
    // Spread across windows: up to 30 s later, never before the buffer boundary.
    assert.equal(refreshDueAt(expiresAt, 300, 1), due + 30_000);
    assert.equal(refreshDueAt(expiresAt, 20, 1), expiresAt - 20_000 + 1000 + 10_000);
    assert.ok(refreshDueAt(expiresAt, 300, 0.5) > due);
  });
});

describe('user messages', () => {
  it('FinCode errors carry the documented advice; our own errors are shown as written', () => {
    assert.match(userMessage(new InvalidCredentialsError()), /Check password is entered correctly/);
    assert.match(userMessage(new AccountLockedError(undefined, 900)), /Wait for the lockout period to expire.*15 min/);
    assert.match(userMessage(new NetworkError('connect ECONNREFUSED')), /Check the environment base URL/);
    assert.equal(userMessage(new UserFacingError('Unlock the keyring.')), 'Unlock the keyring.');
    assert.match(userMessage(new Error('boom')), /Unexpected error/);
  });
});

describe('manifest menus', () => {
  interface MenuEntry {
    command: string;
    when?: string;
    group?: string;
  }
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
    contributes: { menus: Record<string, MenuEntry[]>; viewsWelcome: { view: string; contents: string }[]; views: Record<string, { id: string }[]> };
  };
  const menus = manifest.contributes.menus;
  const known = new Set<string>(Object.values(COMMANDS));

  it('every menu entry names a registered command', () => {
    for (const entries of Object.values(menus)) for (const entry of entries) assert.ok(known.has(entry.command), entry.command);
  });

  it('tree-only commands are hidden from the palette', () => {
    assert.ok(menus.commandPalette!.some((e) => e.command === COMMANDS.refreshProfiles && e.when === 'false'));
  });

  /** Whether a menu entry's `viewItem =~ /…/` terms (all of them, `!(…)` negating one) accept a contextValue. */
  function viewItemMatches(when: string, contextValue: string): boolean {
    const terms = [...when.matchAll(/(!\()?viewItem =~ \/(.+?)\/(?=[\s)]|$)/g)];
    assert.ok(terms.length > 0, when);
    return terms.every(([, negated, source]) => new RegExp(source!).test(contextValue) !== (negated !== undefined));
  }
  const shows = (command: string, contextValue: string, inline: boolean): boolean =>
    menus['view/item/context']!.some((e) => e.command === command && (e.group ?? '').startsWith('inline') === inline && viewItemMatches(e.when ?? '', contextValue));

  it('inline actions match the contextValues the tree produces', () => {
    const signedOut = profileShape(cashier, profileStatus({ kind: 'signed-out' }, undefined, NOW, 300), false).contextValue;
    const signedIn = profileShape(cashier, profileStatus({ kind: 'signed-in', expiresAt: NOW + 3600_000 }, undefined, NOW, 300), true).contextValue;
    const locked = profileShape(cashier, profileStatus({ kind: 'signed-out' }, { kind: 'locked', message: 'x', at: NOW }, NOW, 300), false).contextValue;
    assert.ok(shows(COMMANDS.signIn, signedOut, true));
    assert.ok(shows(COMMANDS.signIn, locked, true));
    assert.ok(!shows(COMMANDS.signIn, signedIn, true));
    assert.ok(shows(COMMANDS.signOut, signedIn, true));
    assert.ok(shows(COMMANDS.refreshToken, signedIn, true));
    assert.ok(!shows(COMMANDS.signOut, signedOut, true));
    assert.ok(shows(COMMANDS.setActive, signedOut, true));
    assert.ok(!shows(COMMANDS.setActive, signedIn, true), 'already active');
    assert.ok(shows(COMMANDS.copyAccessToken, signedIn, false));
    assert.ok(!shows(COMMANDS.copyAccessToken, signedOut, false));
    const token = apiTokenShape({ id: 't', environmentId: 'e', label: 'ci', expiry: '1m', createdAt: NOW }, NOW, false).contextValue;
    assert.ok(shows(COMMANDS.copyAccessToken, token, false));
    assert.ok(shows(COMMANDS.remove, token, false));
    assert.ok(shows(COMMANDS.addDocumentedUsers, 'fincode:environment:sandbox', false));
    assert.ok(!shows(COMMANDS.addDocumentedUsers, 'fincode:environment:production', false));
  });

  it('an environment from the settings offers adding profiles but not Edit or Remove (edited in settings.json)', () => {
    const [fromSettings] = environmentsFromSetting([{ id: 'acme', kind: 'sandbox', tenant: 'acme' }]).environments;
    const contextValue = environmentShape(fromSettings!, undefined).contextValue;
    assert.ok(shows(COMMANDS.addProfile, contextValue, false));
    assert.ok(shows(COMMANDS.addDocumentedUsers, contextValue, false));
    assert.ok(!shows(COMMANDS.edit, contextValue, false));
    assert.ok(!shows(COMMANDS.remove, contextValue, false));
    assert.ok(shows(COMMANDS.remove, environmentShape(localEnvironment(), undefined).contextValue, false));
  });

  it('the Profiles view has welcome content linking to Add Environment and Start Local Sandbox', () => {
    assert.ok(manifest.contributes.views.fincode!.some((v) => v.id === 'fincode.profiles'));
    const welcome = manifest.contributes.viewsWelcome.find((w) => w.view === 'fincode.profiles');
    assert.ok(welcome);
    assert.match(welcome.contents, /\(command:fincode\.addEnvironment\)/);
    assert.match(welcome.contents, /\(command:fincode\.startSandbox\)/);
  });
});
