// The host vault (core/auth/vaultStore.ts) that browser-hosted workbenches keep the extension's
// secrets in: two instances over one folder stand for two windows' extension hosts.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { memorySecretStore } from '../../src/core/auth/secretStore';
import { VAULT_FILE, VaultKeyMissingError, vaultStore, type VaultKey, type VaultKeySource } from '../../src/core/auth/vaultStore';

function folder(ctx: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'fincode-vault-'));
  ctx.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A window's SecretStorage copy of the vault key: `shared` is what windows loaded later see. */
function keySource(shared: { key?: VaultKey }, copy: { key?: VaultKey } = shared): VaultKeySource & { created: number } {
  const source = {
    created: 0,
    read: async () => copy.key,
    create: async (key: VaultKey) => {
      source.created += 1;
      copy.key = key;
      shared.key = key;
    },
  };
  return source;
}

describe('host vault', () => {
  it('two windows: a write in one is read at once in the other, with a change event; the file holds nothing readable', async (ctx) => {
    const dir = folder(ctx);
    const shared: { key?: VaultKey } = {};
    const a = vaultStore(dir, keySource(shared));
    ctx.after(() => a.dispose());
    await a.store('fincode.profile.p1.tokens', 'secret-token-1');
    const b = vaultStore(dir, keySource(shared));
    ctx.after(() => b.dispose());
    assert.equal(await b.get('fincode.profile.p1.tokens'), 'secret-token-1');
    const seen = new Promise<string>((resolve) => b.onDidChange((key) => resolve(key)));
    await a.store('fincode.apiToken.t1', 'secret-api-token');
    assert.equal(await seen, 'fincode.apiToken.t1', 'the other window hears of it (folder watch)');
    assert.equal(await b.get('fincode.apiToken.t1'), 'secret-api-token');
    await b.delete('fincode.profile.p1.tokens');
    assert.equal(await a.get('fincode.profile.p1.tokens'), undefined);
    assert.equal(await a.get('fincode.apiToken.t1'), 'secret-api-token', 'a delete in one window keeps the other\'s keys');
    const onDisk = readFileSync(join(dir, VAULT_FILE), 'utf8');
    assert.ok(!onDisk.includes('secret-') && !onDisk.includes('fincode.'), 'neither secrets nor key names in clear');
  });

  it('a window loaded before the vault was made has no key: it reads and writes nothing, and makes no second key', async (ctx) => {
    const dir = folder(ctx);
    const shared: { key?: VaultKey } = {};
    const first = keySource(shared);
    const a = vaultStore(dir, first);
    ctx.after(() => a.dispose());
    const staleSource = keySource(shared, {});
    const stale = vaultStore(dir, staleSource);
    ctx.after(() => stale.dispose());
    await a.store('fincode.apiToken.t1', 'secret-1');
    await assert.rejects(stale.get('fincode.apiToken.t1'), VaultKeyMissingError);
    await assert.rejects(stale.store('fincode.apiToken.t2', 'secret-2'), VaultKeyMissingError);
    assert.equal(first.created + staleSource.created, 1, 'one key');
    assert.equal(await a.get('fincode.apiToken.t2'), undefined, 'nothing written');
    assert.equal(await a.get('fincode.apiToken.t1'), 'secret-1');
  });

  it('the key was lost (SecretStorage cleared, the window loaded later): read as empty, sealed anew at the next write; the old window is told to reload', async (ctx) => {
    const dir = folder(ctx);
    const hourAgo = Date.now() - 3600_000;
    const old = vaultStore(dir, keySource({ key: { id: randomUUID(), key: randomBytes(32), createdAt: hourAgo } }), undefined, hourAgo);
    ctx.after(() => old.dispose());
    await old.store('fincode.profile.p1.tokens', 'secret-old');
    const cleared = keySource({});
    const later = vaultStore(dir, cleared);
    ctx.after(() => later.dispose());
    assert.equal(await later.get('fincode.profile.p1.tokens'), undefined, 'as after a cleared keyring: signed out');
    await later.store('fincode.profile.p1.password', 'secret-new');
    assert.equal(cleared.created, 1, 'a new key');
    assert.equal(await later.get('fincode.profile.p1.password'), 'secret-new');
    await assert.rejects(old.get('fincode.profile.p1.password'), VaultKeyMissingError, 'the window that held the old key reloads to read the new vault');
  });

  it('secrets kept in SecretStorage by an older version are read until written; a delete hides them for good', async (ctx) => {
    const dir = folder(ctx);
    const fallback = memorySecretStore([
      ['fincode.profile.p1.password', 'old-password'],
      ['fincode.apiToken.t1', 'old-token'],
    ]);
    const vault = vaultStore(dir, keySource({ key: { id: randomUUID(), key: randomBytes(32), createdAt: Date.now() } }), fallback);
    ctx.after(() => vault.dispose());
    assert.equal(await vault.get('fincode.profile.p1.password'), 'old-password');
    await vault.store('fincode.profile.p1.password', 'new-password');
    await vault.delete('fincode.apiToken.t1');
    assert.equal(await vault.get('fincode.profile.p1.password'), 'new-password');
    assert.equal(await vault.get('fincode.apiToken.t1'), undefined);
    assert.equal(fallback.entries.get('fincode.apiToken.t1'), 'old-token', 'SecretStorage is never rewritten');
  });
});
