// Random identifiers and secrets, all from node:crypto.
import { randomBytes } from 'node:crypto';

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** e.g. `txn_3f9a1c2b7d4e5f60`. */
export function randomId(prefix: string): string {
  return `${prefix}_${randomHex(8)}`;
}

/** Refresh tokens look like the documented `def50200a1b2c3d4e5f6...`. */
export function newRefreshToken(): string {
  return `def50200${randomHex(32)}`;
}

export function newSecret(): Uint8Array {
  return randomBytes(32);
}
