// The permission difference after a renewal or a profile switch, and the sentence that tells it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describePermissionDiff, MAX_LISTED, permissionDiff, tokenPermissions } from '../../src/core/auth/permissionDiff';
import { ROLE_PERMISSIONS } from '../../src/core/fincode/roles';
import { jwt as token } from '../support/jwt';

describe('permissionDiff', () => {
  test('nothing changed: both sides empty, whatever the order', () => {
    assert.deepEqual(permissionDiff(['a:read', 'b:write'], ['b:write', 'a:read']), { added: [], removed: [] });
    assert.deepEqual(permissionDiff([], []), { added: [], removed: [] });
  });

  test('added in the order of after, removed in the order of before', () => {
    assert.deepEqual(permissionDiff(['x', 'a', 'b'], ['c', 'a', 'd']), { added: ['c', 'd'], removed: ['x', 'b'] });
  });

  test('duplicates are ignored on both sides', () => {
    assert.deepEqual(permissionDiff(['a', 'a', 'b', 'b'], ['a', 'c', 'c', 'a']), { added: ['c'], removed: ['b'] });
    assert.deepEqual(permissionDiff(['a'], ['a', 'a']), { added: [], removed: [] });
  });

  test('from nothing and to nothing', () => {
    assert.deepEqual(permissionDiff([], ['a', 'b']), { added: ['a', 'b'], removed: [] });
    assert.deepEqual(permissionDiff(['a', 'b'], []), { added: [], removed: ['a', 'b'] });
  });

  test('does not modify its inputs', () => {
    const before = Object.freeze(['a', 'b']);
    const after = Object.freeze(['b', 'c']);
    permissionDiff(before, after);
    assert.deepEqual([...before, ...after], ['a', 'b', 'b', 'c']);
  });

  test('CASHIER → MANAGER with the documented role permissions', () => {
    const diff = permissionDiff(ROLE_PERMISSIONS.CASHIER, ROLE_PERMISSIONS.MANAGER);
    assert.deepEqual(diff.added, ['users:read', 'users:write', 'transactions:write', 'reports:read', 'settings:write', 'webhooks:manage']);
    assert.deepEqual(diff.removed, ['transactions:create', 'payments:process', 'cash:handle', 'receipts:print']);
  });

  test('every pair of different roles differs; a role against itself does not', () => {
    const roles = Object.keys(ROLE_PERMISSIONS) as (keyof typeof ROLE_PERMISSIONS)[];
    for (const a of roles) {
      for (const b of roles) {
        const diff = permissionDiff(ROLE_PERMISSIONS[a], ROLE_PERMISSIONS[b]);
        const changed = diff.added.length + diff.removed.length > 0;
        assert.equal(changed, a !== b, `${a} → ${b}`);
        // Applying the diff to before gives after, as a set.
        const applied = new Set([...ROLE_PERMISSIONS[a].filter((p) => !diff.removed.includes(p)), ...diff.added]);
        assert.deepEqual(applied, new Set(ROLE_PERMISSIONS[b]), `${a} → ${b}`);
      }
    }
  });
});

describe('describePermissionDiff', () => {
  test('undefined when nothing changed', () => {
    assert.equal(describePermissionDiff({ added: [], removed: [] }, { profile: 'cashier', role: 'CASHIER', reason: 'refresh' }), undefined);
    assert.equal(describePermissionDiff(permissionDiff(ROLE_PERMISSIONS.AGENT, [...ROLE_PERMISSIONS.AGENT].reverse()), { profile: 'agent', reason: 'switch' }), undefined);
  });

  test('a refresh: + for gained, − for lost', () => {
    const text = describePermissionDiff(
      permissionDiff(['transactions:read', 'users:write'], ['transactions:read', 'payments:process']),
      { profile: 'cashier', role: 'CASHIER', reason: 'refresh' },
    );
    assert.equal(text, 'cashier (CASHIER) after refresh: +payments:process · −users:write');
  });

  test('a refresh with only gains, and without a role', () => {
    assert.equal(describePermissionDiff({ added: ['a:read'], removed: [] }, { profile: 'ops', reason: 'refresh' }), 'ops after refresh: +a:read');
    assert.equal(describePermissionDiff({ added: [], removed: ['a:read'] }, { profile: 'ops', reason: 'refresh' }), 'ops after refresh: −a:read');
  });

  test(`a refresh lists at most ${MAX_LISTED} per side, then "+N more"`, () => {
    const text = describePermissionDiff({ added: ['a', 'b', 'c', 'd', 'e'], removed: ['x'] }, { profile: 'p', role: 'AGENT', reason: 'refresh' });
    assert.equal(text, 'p (AGENT) after refresh: +a, +b, +c +2 more · −x');
  });

  test('a switch from MANAGER to CASHIER (documented permissions), capped', () => {
    const text = describePermissionDiff(permissionDiff(ROLE_PERMISSIONS.MANAGER, ROLE_PERMISSIONS.CASHIER), {
      profile: 'cashier',
      role: 'CASHIER',
      previousProfile: 'manager',
      previousRole: 'MANAGER',
      reason: 'switch',
    });
    assert.equal(
      text,
      'Switched from manager (MANAGER) to cashier (CASHIER): gains transactions:create, payments:process, cash:handle +1 more; loses users:read, users:write, transactions:write +3 more',
    );
  });

  test('a switch from CASHIER to MANAGER mentions users:write', () => {
    const text = describePermissionDiff(permissionDiff(ROLE_PERMISSIONS.CASHIER, ROLE_PERMISSIONS.MANAGER), {
      profile: 'manager',
      role: 'MANAGER',
      previousProfile: 'cashier',
      previousRole: 'CASHIER',
      reason: 'switch',
    });
    assert.match(text ?? '', /^Switched from cashier \(CASHIER\) to manager \(MANAGER\): gains users:read, users:write, transactions:write \+3 more; loses /);
  });

  test('a switch names the previous role alone when there is no previous profile name, and only the side that changed', () => {
    assert.equal(
      describePermissionDiff(permissionDiff(ROLE_PERMISSIONS.CUSTOMER, [...ROLE_PERMISSIONS.CUSTOMER, 'extra:one']), { profile: 'me', role: 'CUSTOMER', previousRole: 'CUSTOMER', reason: 'switch' }),
      'Switched from CUSTOMER to me (CUSTOMER): gains extra:one',
    );
    assert.equal(describePermissionDiff({ added: [], removed: ['a'] }, { profile: 'me', reason: 'switch' }), 'Switched to me: loses a');
  });
});

describe('tokenPermissions', () => {
  test('the raw permissions claim, strings only', () => {
    assert.deepEqual(tokenPermissions(token({ sub: 'u1', permissions: [...ROLE_PERMISSIONS.CASHIER] })), [...ROLE_PERMISSIONS.CASHIER]);
    assert.deepEqual(tokenPermissions(token({ permissions: ['a:read', 7, null, 'b:write'] })), ['a:read', 'b:write']);
    assert.deepEqual(tokenPermissions(`Bearer ${token({ permissions: [] })}`), []);
  });

  test('undefined without an array claim or for what is not a JWT', () => {
    assert.equal(tokenPermissions(token({ sub: 'u1' })), undefined);
    assert.equal(tokenPermissions(token({ permissions: 'a:read b:write' })), undefined);
    assert.equal(tokenPermissions('not a token'), undefined);
    assert.equal(tokenPermissions(''), undefined);
  });
});
