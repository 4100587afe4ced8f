import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { decodeJwt } from '../../src/core/auth/jwt';
import {
  buildJwtView,
  inspectorTitle,
  isPageMessage,
  JWT_BANNER,
  jwtViewFromToken,
  parseInspectorState,
  relativeTime,
  REOPEN_MESSAGE,
  type InspectorToPage,
  type JwtView,
  type JwtViewOptions,
} from '../../src/core/auth/jwtView';
import { PERMISSION_MATRIX, ROLE_CAPABILITIES, ROLE_PERMISSIONS, ROLES, type Role } from '../../src/core/fincode/roles';
import { loadPage, MEDIA } from '../support/fakePage';
import { HS256_HEADER as HS256, segment, token } from '../support/jwt';
import { JWT_FUZZ_SEED, jwtFuzzer } from '../support/jwtFuzz';
import { EXPECTED_PERMISSION_GROUPS } from '../support/permissionGroups';

// Tokens are built here (test/support/jwt.ts): base64url of JSON, and a dummy signature.
const NOW_MS = Date.UTC(2025, 0, 15, 12, 0, 0);
const NOW_S = NOW_MS / 1000;
const MIN = 60;
const HOUR = 3600;

function roleClaims(role: Role, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sub: `user_${role.toLowerCase()}`,
    email: `${role.toLowerCase()}@example.test`,
    role,
    tenant_id: 'tenant_1',
    permissions: [...ROLE_PERMISSIONS[role]],
    iat: NOW_S - 3 * HOUR,
    exp: NOW_S + 41 * MIN,
    jti: 'abc123',
    ...extra,
  };
}

function view(input: string, options: JwtViewOptions = {}): JwtView {
  const built = jwtViewFromToken(input, { nowMs: NOW_MS, ...options });
  assert.ok(built.ok, built.ok ? '' : built.reason);
  return built.view;
}

function claim(v: JwtView, name: string) {
  const row = v.claims.find((entry) => entry.name === name);
  assert.ok(row, `claim ${name}`);
  return row;
}


describe('jwtView: each documented role', () => {
  for (const role of ROLES) {
    test(`${role}: permissions grouped by resource, capabilities, its matrix column highlighted`, () => {
      const v = view(token(HS256, roleClaims(role)));
      assert.equal(v.role, role);
      assert.deepEqual(v.permissions, EXPECTED_PERMISSION_GROUPS[role]);
      assert.deepEqual(v.capabilities, [...ROLE_CAPABILITIES[role]]);

      assert.equal(v.matrix.highlightedRole, role);
      assert.deepEqual(
        v.matrix.columns.map((column) => [column.role, column.highlighted]),
        ROLES.map((entry) => [entry, entry === role]),
      );
      assert.equal(v.matrix.rows.length, PERMISSION_MATRIX.length);
      for (const [index, row] of v.matrix.rows.entries()) {
        const documented = PERMISSION_MATRIX[index]!;
        assert.equal(row.label, documented.label);
        assert.deepEqual(row.cells.map((cell) => cell.role), [...ROLES]);
        for (const cell of row.cells) {
          assert.equal(cell.access, documented.access[cell.role], `${row.label} / ${cell.role}`);
          assert.equal(cell.highlighted, cell.role === role);
        }
      }
      assert.match(v.matrix.caption, new RegExp(`\\(${role}\\)`));
      assert.deepEqual(v.warnings, []);
    });
  }

  test('matrix cell texts: ✅ / ❌ / own / limited, as the guide writes them', () => {
    const v = view(token(HS256, roleClaims('CASHIER')));
    const cell = (label: string, role: Role) => v.matrix.rows.find((row) => row.label === label)!.cells.find((c) => c.role === role)!;
    assert.equal(cell('Create Transactions', 'CASHIER').text, '✅');
    assert.equal(cell('View All Transactions', 'CASHIER').text, '❌');
    assert.equal(cell('Create Transactions', 'CUSTOMER').text, 'own');
    assert.equal(cell('Manage Users', 'AGENT').text, 'own');
    assert.equal(cell('Analytics/Reports', 'AGENT').text, 'limited');
    const texts = new Set(v.matrix.rows.flatMap((row) => row.cells.map((c) => c.text)));
    assert.deepEqual([...texts].sort(), ['limited', 'own', '✅', '❌'].sort());
  });

  test('an undocumented role highlights no column and says so', () => {
    const v = view(token(HS256, roleClaims('CASHIER', { role: 'SUPERUSER' })));
    assert.equal(v.matrix.highlightedRole, undefined);
    assert.ok(v.matrix.columns.every((column) => !column.highlighted));
    assert.ok(v.matrix.rows.every((row) => row.cells.every((cell) => !cell.highlighted)));
    assert.deepEqual(v.capabilities, []);
    const warning = v.warnings.find((entry) => entry.code === 'unknown-role');
    assert.ok(warning);
    assert.match(warning.message, /"SUPERUSER" is not one of the documented roles/);
  });

  test('no role claim: an info note, no highlight', () => {
    const v = view(token(HS256, { sub: 'u1', exp: NOW_S + 60 }));
    assert.equal(v.role, undefined);
    assert.deepEqual(v.warnings.map((w) => [w.code, w.severity]), [['no-role', 'info']]);
    assert.match(v.matrix.caption, /No column is highlighted/);
  });
});

describe('jwtView: times', () => {
  test('issued 3 h ago, expires in 41 min: ISO and relative text, countdown base', () => {
    const v = view(token(HS256, roleClaims('CASHIER')));
    assert.deepEqual(v.issuedAt, { iso: '2025-01-15T09:00:00.000Z', relative: '3 h ago', ms: NOW_MS - 3 * HOUR * 1000 });
    assert.deepEqual(v.expiresAt, { iso: '2025-01-15T12:41:00.000Z', relative: 'in 41 min', ms: NOW_MS + 41 * MIN * 1000 });
    assert.deepEqual(v.countdown, { expiresAtMs: NOW_MS + 41 * MIN * 1000, msLeftAtBuild: 41 * MIN * 1000 });
    assert.equal(v.expired, false);
    assert.equal(v.builtAtMs, NOW_MS);
    assert.deepEqual(claim(v, 'exp').time, v.expiresAt);
    assert.deepEqual(claim(v, 'iat').time, v.issuedAt);
    assert.equal(claim(v, 'exp').value, String(NOW_S + 41 * MIN));
    assert.equal(claim(v, 'exp').type, 'number');
    assert.equal(claim(v, 'exp').description, 'Expires at');
    assert.equal(claim(v, 'jti').time, undefined);
  });

  test('expired and not-yet-valid tokens', () => {
    const v = view(token(HS256, roleClaims('AGENT', { exp: NOW_S - 90, nbf: NOW_S + 2 * 86_400 })));
    assert.equal(v.expired, true);
    assert.equal(v.expiresAt?.relative, '1 min ago');
    assert.equal(v.countdown?.msLeftAtBuild, -90_000);
    assert.equal(v.notBefore?.relative, 'in 2 d');
    const codes = v.warnings.map((w) => [w.code, w.severity]);
    assert.deepEqual(codes, [['expired', 'error'], ['not-yet-valid', 'warning']]);
  });

  test('no exp: no countdown, a warning', () => {
    const claims = roleClaims('MANAGER');
    delete claims.exp;
    const v = view(token(HS256, claims));
    assert.equal(v.countdown, undefined);
    assert.equal(v.expiresAt, undefined);
    assert.deepEqual(v.warnings.map((w) => w.code), ['no-exp']);
  });

  test('relativeTime', () => {
    const cases: [number, string][] = [
      [0, 'now'],
      [999, 'now'],
      [-999, 'now'],
      [20_000, 'in 20 s'],
      [-59_000, '59 s ago'],
      [41 * MIN * 1000, 'in 41 min'],
      [41 * MIN * 1000 + 59_000, 'in 41 min'],
      [-3 * HOUR * 1000, '3 h ago'],
      [47 * HOUR * 1000, 'in 47 h'],
      [-3 * 86_400_000, '3 d ago'],
    ];
    for (const [offset, expected] of cases) assert.equal(relativeTime(NOW_MS + offset, NOW_MS), expected, String(offset));
  });
});

describe('jwtView: banner, segments, warnings, kind', () => {
  test('the banner says the signature is not verified', () => {
    const v = view(token(HS256, roleClaims('CASHIER')));
    assert.equal(v.banner, 'Signature not verified — decoded locally');
    assert.equal(JWT_BANNER, v.banner);
  });

  test('segments: header, payload, signature strings as they are in the token', () => {
    const input = token(HS256, roleClaims('CASHIER'), 'c2lnLXZhbHVl');
    const [header, payload, signature] = input.split('.');
    const v = view(`Bearer ${input}`);
    assert.deepEqual(v.segments, [
      { part: 'header', label: 'Header', text: header },
      { part: 'payload', label: 'Payload', text: payload },
      { part: 'signature', label: 'Signature', text: signature },
    ]);
    assert.deepEqual(v.header, [
      { name: 'alg', value: 'HS256', type: 'string', description: 'Signing algorithm' },
      { name: 'typ', value: 'JWT', type: 'string', description: 'Type' },
    ]);
    assert.equal(v.algorithm, 'HS256');
  });

  test('header warnings: alg none, unknown alg, jku, x5u, crit, with severities', () => {
    const none = view(token({ alg: 'none' }, roleClaims('CASHIER'), ''));
    assert.deepEqual(none.warnings.map((w) => [w.code, w.severity]), [['alg-none', 'error']]);
    const odd = view(token({ alg: 'XS999', jku: 'https://evil.example/keys', x5u: 'https://evil.example/cert', crit: ['b64'] }, roleClaims('CASHIER')));
    assert.deepEqual(odd.warnings.map((w) => [w.code, w.severity]), [
      ['unknown-alg', 'warning'],
      ['jku', 'error'],
      ['x5u', 'error'],
      ['crit', 'warning'],
    ]);
    assert.match(odd.warnings[0]!.message, /Unknown signing algorithm "XS999"/);
    assert.equal(odd.header.find((row) => row.name === 'crit')?.value, '["b64"]');
  });

  test('kind: token_use "api" makes an API token; the caller may say so; default access token', () => {
    const api = view(token(HS256, roleClaims('MANAGER', { token_use: 'api', label: 'CI' })));
    assert.equal(api.kind, 'api');
    assert.equal(api.kindLabel, 'API token');
    assert.match(api.kindReason, /token_use/);
    assert.equal(claim(api, 'token_use').description, 'Token use ("api" = API token)');
    assert.equal(inspectorTitle(api), 'JWT · MANAGER API token');

    const claimWins = view(token(HS256, roleClaims('MANAGER', { token_use: 'api' })), { kind: 'access' });
    assert.equal(claimWins.kind, 'api');

    const given = view(token(HS256, roleClaims('MANAGER')), { kind: 'api' });
    assert.equal(given.kind, 'api');
    assert.equal(given.kindReason, 'given by the caller');

    const access = view(token(HS256, roleClaims('CASHIER')));
    assert.equal(access.kind, 'access');
    assert.equal(access.kindLabel, 'Access token');
    assert.equal(inspectorTitle(access), 'JWT · CASHIER access token');
  });

  test('a failure comes back as a reason, without the token', () => {
    const secret = segment({ password: 'hunter2-hunter2' });
    const built = jwtViewFromToken(`${secret}.${secret}`);
    assert.equal(built.ok, false);
    assert.ok(!built.ok && !built.reason.includes(secret));
  });

  test('buildJwtView takes decodeJwt output directly', () => {
    const decoded = decodeJwt(token(HS256, roleClaims('AGENT')), NOW_MS);
    assert.ok(decoded.ok);
    assert.deepEqual(buildJwtView(decoded, { nowMs: NOW_MS }), view(token(HS256, roleClaims('AGENT'))));
  });
});

const XSS = '<img src=x onerror="document.title=\'pwned\'">';

describe('jwtView: claims are plain data', () => {
  test('HTML in claims stays the exact string; objects become JSON text', () => {
    const v = view(token(HS256, roleClaims('CASHIER', { name: XSS, profile: { bio: '<script>alert(1)</script>' }, tags: ['<b>x</b>'], flag: true, none: null })));
    assert.deepEqual(claim(v, 'name'), { name: 'name', value: XSS, type: 'string', description: 'Name' });
    assert.equal(claim(v, 'profile').value, '{"bio":"<script>alert(1)</script>"}');
    assert.equal(claim(v, 'profile').type, 'object');
    assert.equal(claim(v, 'tags').value, '["<b>x</b>"]');
    assert.equal(claim(v, 'tags').type, 'array');
    assert.equal(claim(v, 'flag').value, 'true');
    assert.equal(claim(v, 'none').type, 'null');
    // A role holding HTML is text too, in the title and the warning.
    const odd = view(token(HS256, roleClaims('CASHIER', { role: XSS })));
    assert.ok(odd.warnings.some((w) => w.message.includes(XSS)));
  });

  test('the view is JSON-safe: only strings, numbers, booleans, arrays and plain objects', () => {
    const v = view(token(HS256, roleClaims('CUSTOMER', { name: XSS, __proto__: { polluted: true } })));
    const walk = (value: unknown, path: string): void => {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return;
      assert.ok(value !== null && typeof value === 'object', `${path}: ${typeof value}`);
      if (!Array.isArray(value)) assert.equal(Object.getPrototypeOf(value), Object.prototype, path);
      for (const [key, child] of Object.entries(value)) walk(child, `${path}.${key}`);
    };
    walk(v, 'view');
    assert.deepEqual(JSON.parse(JSON.stringify(v)), v);
  });
});

describe('jwtView: the message protocol', () => {
  test('isPageMessage accepts ready only', () => {
    assert.equal(isPageMessage({ type: 'ready' }), true);
    for (const other of [null, undefined, 'ready', {}, { type: 'show' }, { type: 'READY' }]) assert.equal(isPageMessage(other), false);
  });

  test('parseInspectorState keeps a short string reference, nothing else', () => {
    assert.deepEqual(parseInspectorState({ v: 1, ref: 'profile-1' }), { v: 1, ref: 'profile-1' });
    assert.deepEqual(parseInspectorState({ v: 1, ref: 'profile-1', token: 'eyJ...' }), { v: 1, ref: 'profile-1' });
    for (const other of [undefined, null, 'x', {}, { ref: 42 }, { ref: '' }, { ref: 'x'.repeat(201) }]) {
      assert.deepEqual(parseInspectorState(other), { v: 1 });
    }
  });
});

describe('jwtView: fuzz', () => {
  test('2,000 random and mutated tokens: the view is built or a reason given, never a throw, always JSON-safe', (t) => {
    t.diagnostic(`JWT_FUZZ_SEED=${JWT_FUZZ_SEED}`);
    const fuzz = jwtFuzzer(JWT_FUZZ_SEED ^ 0x5eed, NOW_S);
    const base = token(HS256, roleClaims('AGENT'));
    let built = 0;
    for (let i = 0; i < 2000; i += 1) {
      const input = fuzz.next(i, base);
      let result: ReturnType<typeof jwtViewFromToken>;
      try {
        result = jwtViewFromToken(input, { nowMs: NOW_MS });
      } catch (error) {
        assert.fail(`threw on case ${i} (JWT_FUZZ_SEED=${JWT_FUZZ_SEED}, ${JSON.stringify(input)}): ${String(error)}`);
      }
      if (!result.ok) continue;
      built += 1;
      assert.deepEqual(JSON.parse(JSON.stringify(result.view)), result.view, `case ${i}`);
      assert.ok(result.view.claims.every((row) => typeof row.value === 'string'));
      assert.ok(inspectorTitle(result.view).length < 80);
    }
    assert.ok(built > 300, `only ${built} views built`);
  });

  test('a 1 MB input is refused at once; a token at the length limit with 2,000 claims builds its view in bounded time', () => {
    let started = performance.now();
    const refused = jwtViewFromToken(`${token(HS256, roleClaims('AGENT'))}${'A'.repeat(1024 * 1024)}`, { nowMs: NOW_MS });
    assert.ok(!refused.ok && /limit/.test(refused.reason));
    assert.ok(performance.now() - started < 2000);
    const claims = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`c${i}`, i % 2 === 0 ? `<b>${i}</b>` : [i, { i }]]));
    const input = token({ ...HS256, jku: 'x', crit: ['a'] }, { ...roleClaims('MANAGER'), ...claims });
    assert.ok(input.length > 32 * 1024 && input.length < 64 * 1024, String(input.length));
    started = performance.now();
    const v = view(input);
    assert.ok(performance.now() - started < 2000);
    assert.equal(v.claims.length, Object.keys(roleClaims('MANAGER')).length + 2000);
    assert.deepEqual(v.warnings.map((w) => w.code), ['jku', 'crit']);
  });

  test('a claim nested too deeply to print is shown as a note, not a stack overflow', () => {
    const depth = 20_000;
    const payload = segment(`{"deep":${'['.repeat(depth)}${']'.repeat(depth)},"exp":${NOW_S + 60}}`);
    const v = view(`${segment(HS256)}.${payload}.sig`);
    assert.equal(claim(v, 'deep').value, '(nested too deeply to show)');
    assert.equal(claim(v, 'deep').type, 'array');
  });
});

// ---- The page script (media/jwtInspector.js) in a minimal fake DOM ---------------------------

const jwtPage = () => loadPage<InspectorToPage>('jwtInspector.js');

describe('the page (media/jwtInspector.js)', () => {
  test('posts ready, renders the view with text nodes only, keeps no token in its state', () => {
    const page = jwtPage();
    assert.deepEqual(page.posted, [{ type: 'ready' }]);
    const input = token(HS256, roleClaims('CASHIER', { name: XSS }));
    const v = view(input);
    page.send({ type: 'show', view: v, title: inspectorTitle(v), ref: 'profile-7' });

    assert.deepEqual(page.states, [{ v: 1, ref: 'profile-7' }]);
    assert.ok(!JSON.stringify(page.states).includes(input.split('.')[1]!));

    const text = page.app.textContent;
    assert.ok(text.includes(JWT_BANNER));
    assert.ok(text.includes(XSS), 'the HTML claim is shown as text');
    assert.equal(page.created.filter((node) => node.tagName === 'img' || node.tagName === 'script').length, 0);

    const highlightedHeads = page.app.find((node) => node.tagName === 'th' && node.className.includes('is-token-role'));
    assert.deepEqual(highlightedHeads.map((node) => node.textContent), ['CASHIER']);
    const highlightedCells = page.app.find((node) => node.tagName === 'td' && node.className.includes('is-token-role'));
    assert.equal(highlightedCells.length, PERMISSION_MATRIX.length);
    assert.ok(highlightedCells.every((node) => node.dataset.role === 'CASHIER'));

    const transactions = page.app.find((node) => node.dataset.resource === 'transactions');
    assert.deepEqual(transactions.map((node) => node.textContent), ['create, read']);

    const countdown = page.app.find((node) => node.className === 'countdown-value');
    assert.deepEqual(countdown.map((node) => node.textContent), ['Expires in 41:00']);
    assert.equal(page.intervals.length, 1);
  });

  test('a pasted token leaves only { v: 1 }; an empty message renders the reopen hint', () => {
    const page = jwtPage();
    const v = view(token(HS256, roleClaims('AGENT')));
    page.send({ type: 'show', view: v, title: 'x' });
    assert.deepEqual(page.states, [{ v: 1 }]);
    page.send({ type: 'empty', message: REOPEN_MESSAGE });
    assert.equal(page.app.textContent, REOPEN_MESSAGE);
  });

  test('shows every warning with its text and severity: alg none, jku, x5u, jwk, crit', () => {
    const page = jwtPage();
    const jwk = { kty: 'oct', k: 'c2VjcmV0' };
    const v = view(token({ alg: 'none', jku: 'https://evil.example/keys', x5u: 'https://evil.example/cert', jwk, crit: ['b64'] }, roleClaims('CASHIER'), ''));
    page.send({ type: 'show', view: v, title: inspectorTitle(v) });
    const items = page.app.find((node) => node.tagName === 'li' && node.className.startsWith('warning '));
    assert.deepEqual(
      items.map((node) => [node.dataset.code, node.className]),
      [
        ['alg-none', 'warning severity-error'],
        ['jku', 'warning severity-error'],
        ['x5u', 'warning severity-error'],
        ['jwk', 'warning severity-error'],
        ['crit', 'warning severity-warning'],
      ],
    );
    assert.deepEqual(items.map((node) => node.textContent), v.warnings.map((warning) => warning.message));
    assert.match(items[0]!.textContent, /alg is "none"/);
    assert.match(items[1]!.textContent, /key set URL \(jku\)/);
    assert.match(items[2]!.textContent, /certificate URL \(x5u\)/);
    assert.match(items[3]!.textContent, /embeds its own public key \(jwk\)/);
    assert.match(items[4]!.textContent, /"crit"/);
    assert.equal(v.header.find((row) => row.name === 'jwk')?.description, 'Embedded public key');
  });

  test('no HTML sinks in the script; only var(--vscode-*) colours in the stylesheet', () => {
    const script = readFileSync(join(MEDIA, 'jwtInspector.js'), 'utf8');
    for (const sink of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'eval(', 'new Function', '.style']) {
      assert.ok(!script.includes(sink), sink);
    }
    assert.match(script, /^'use strict';$/m);
    const css = readFileSync(join(MEDIA, 'jwtInspector.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    assert.doesNotMatch(css, /#[0-9a-f]{3,8}\b|rgba?\(|hsla?\(|@import|url\(/i);
    for (const match of css.matchAll(/(?:^|[;{\s])(color|background|background-color|border(?:-[a-z]+)*|outline)\s*:\s*([^;}]+)/g)) {
      const value = match[2]!;
      if (/\b(solid|dashed)\b/.test(value) || match[1] === 'color' || match[1]!.startsWith('background')) {
        assert.match(value, /var\(--vscode-[\w-]+\)/, `${match[1]}: ${value}`);
      }
    }
  });
});
