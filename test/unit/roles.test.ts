// Checks the role data against copies of the FinCode documents (test/fixtures), parsed here
// independently of src: the capability lists, each login response's `permissions`, the
// "Role Permission Matrix" cell by cell, and the sandbox test users.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { accessFor, isRole, PERMISSION_MATRIX, ROLE_CAPABILITIES, ROLE_PERMISSIONS, ROLES, type Access } from '../../src/core/fincode/roles';
import { DOCUMENTED_SANDBOX_USERS } from '../../src/core/fincode/testUsers';

function fixture(name: string): string {
  return readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8');
}

const guide = fixture('fincode-authentication-guide.txt');
const loginDoc = fixture('fincode-login-endpoint.txt');

/** The lines strictly between the line `start` and the next line `end`. */
function linesBetween(text: string, start: string, end: string): string[] {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  const from = lines.indexOf(start);
  const to = lines.indexOf(end, from + 1);
  assert.ok(from !== -1 && to !== -1, `section "${start}" … "${end}" not found`);
  return lines.slice(from + 1, to);
}

/** "User Roles & Permissions": an all-caps role line, then that role's capabilities. */
function documentedCapabilities(): [string, string[]][] {
  const roles: [string, string[]][] = [];
  for (const line of linesBetween(guide, 'User Roles & Permissions', 'Server-to-Server Authentication')) {
    if (line === '') continue;
    if (/^[A-Z]+$/.test(line)) roles.push([line, []]);
    else roles.at(-1)?.[1].push(line);
  }
  return roles;
}

/** The JSON object starting at `start` (a '{'), found by matching braces outside strings. */
function jsonObjectAt(text: string, start: number): unknown {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i += 1) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') depth += 1;
    else if (char === '}' && --depth === 0) return JSON.parse(text.slice(start, i + 1));
  }
  throw new Error(`unbalanced JSON at ${start}`);
}

/** Each "Expected Response:" block's user.role and user.permissions, in document order. */
function documentedLoginPermissions(): [string, string[]][] {
  const marker = 'Expected Response: ';
  const found: [string, string[]][] = [];
  for (let at = guide.indexOf(marker); at !== -1; at = guide.indexOf(marker, at + 1)) {
    const response = jsonObjectAt(guide, at + marker.length) as { user: { role: string; permissions: string[] } };
    found.push([response.user.role, response.user.permissions]);
  }
  return found;
}

const CELLS: Record<string, Access> = { '✅': 'yes', '❌': 'no', '✅ (own)': 'own', '✅ (limited)': 'limited' };

interface DocumentedRow {
  label: string;
  cells: string[];
}

/** "Role Permission Matrix": one line, "Permission ROLE…" then label-and-cells rows. */
function documentedMatrix(): { columns: string[]; rows: DocumentedRow[] } {
  const [line, ...rest] = linesBetween(guide, 'Role Permission Matrix', 'Error Handling');
  assert.equal(rest.length, 0, 'the matrix is expected on one line');
  const header = /^Permission((?: [A-Z]+)+) /.exec(line ?? '');
  assert.ok(header?.[1], 'matrix header not found');
  const columns = header[1].trim().split(' ');
  const body = (line ?? '').slice(header[0].length);
  const cell = '(?:✅(?: \\([a-z]+\\))?|❌)';
  const rowPattern = new RegExp(`([^✅❌]+?) ((?:${cell} ?){${columns.length}})`, 'gy');
  const rows: DocumentedRow[] = [];
  let consumed = 0;
  for (const match of body.matchAll(rowPattern)) {
    rows.push({ label: match[1]!.trim(), cells: match[2]!.match(new RegExp(cell, 'g'))! });
    consumed += match[0].length;
  }
  // Every character of the line belongs to a row: nothing was skipped.
  assert.equal(consumed, body.length, `unparsed matrix text from: ${body.slice(consumed, consumed + 40)}`);
  return { columns, rows };
}

describe('roles: "User Roles & Permissions"', () => {
  const documented = documentedCapabilities();

  test('the document lists the roles of ROLES, in order', () => {
    assert.deepEqual(
      documented.map(([role]) => role),
      [...ROLES],
    );
  });

  for (const [role, capabilities] of documented) {
    test(`${role}: ROLE_CAPABILITIES matches the document line by line`, () => {
      assert.ok(isRole(role));
      assert.ok(capabilities.length > 0);
      assert.deepEqual(ROLE_CAPABILITIES[role], capabilities);
    });
  }
});

describe('roles: login responses\' "permissions"', () => {
  const documented = documentedLoginPermissions();

  test('one Expected Response per role, in ROLES order', () => {
    assert.deepEqual(
      documented.map(([role]) => role),
      [...ROLES],
    );
  });

  for (const [role, permissions] of documented) {
    test(`${role}: ROLE_PERMISSIONS matches the document, in order`, () => {
      assert.ok(isRole(role));
      assert.ok(permissions.length > 0);
      assert.deepEqual(ROLE_PERMISSIONS[role], permissions);
    });
  }
});

describe('roles: "Role Permission Matrix"', () => {
  const { columns, rows } = documentedMatrix();

  test('columns are the roles of ROLES, in order', () => {
    assert.deepEqual(columns, [...ROLES]);
  });

  test('PERMISSION_MATRIX has the document\'s rows, labels and order', () => {
    assert.ok(rows.length > 0);
    assert.deepEqual(
      PERMISSION_MATRIX.map((row) => row.label),
      rows.map((row) => row.label),
    );
  });

  test('every cell is one of ✅, ❌, ✅ (own), ✅ (limited)', () => {
    for (const row of rows) for (const cell of row.cells) assert.ok(cell in CELLS, `${row.label}: "${cell}"`);
  });

  rows.forEach((documentedRow, index) => {
    test(`row ${index + 1}, ${documentedRow.label}: every cell`, () => {
      const row = PERMISSION_MATRIX[index];
      assert.equal(row?.label, documentedRow.label);
      columns.forEach((role, column) => {
        assert.ok(isRole(role));
        const expected = CELLS[documentedRow.cells[column] ?? ''];
        assert.equal(row.access[role], expected, `${row.label} × ${role}`);
        assert.equal(accessFor(row.id, role), expected);
      });
    });
  });

  test('capability ids are unique', () => {
    const ids = PERMISSION_MATRIX.map((row) => row.id);
    assert.equal(new Set(ids).size, ids.length);
  });
});

describe('testUsers: "Testing in Sandbox"', () => {
  const block = linesBetween(loginDoc, 'Testing in Sandbox', 'These credentials only work in sandbox. Never use test credentials in production.').join('\n');
  const entries = [...block.matchAll(/(\w+): \{\s*email: "([^"]*)",\s*password: "([^"]*)",?\s*\}/g)].map(
    ([, key, email, password]) => ({ role: key!.toUpperCase(), email, password }),
  );

  test('every credential in the block was read', () => {
    assert.ok(entries.length > 0);
    assert.equal(entries.length, block.match(/email:/g)?.length);
  });

  test('DOCUMENTED_SANDBOX_USERS matches the document, in order', () => {
    assert.deepEqual(
      DOCUMENTED_SANDBOX_USERS.map((user) => ({ ...user })),
      entries,
    );
  });
});
