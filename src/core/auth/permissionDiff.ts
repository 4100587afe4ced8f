// What changed in a token's `permissions` claim between two moments (a renewal, a profile switch),
// and the one sentence that tells the user. Display only, like jwt.ts: the claims are not verified.
import { decodeJwt } from './jwt';

export interface PermissionDiff {
  /** In `after` but not in `before`, in `after`'s order. */
  readonly added: string[];
  /** In `before` but not in `after`, in `before`'s order. */
  readonly removed: string[];
}

export interface PermissionDiffContext {
  /** The profile the permissions now belong to (its name). */
  readonly profile: string;
  readonly role?: string;
  /** For a switch: the previous profile's name and role. */
  readonly previousProfile?: string;
  readonly previousRole?: string;
  readonly reason: 'refresh' | 'switch';
}

/** How many permissions a sentence names on each side before it says "+N more". */
export const MAX_LISTED = 3;

function unique(list: readonly string[]): string[] {
  return [...new Set(list)];
}

/** Order-stable set difference both ways; duplicates are ignored. */
export function permissionDiff(before: readonly string[], after: readonly string[]): PermissionDiff {
  const had = new Set(before);
  const has = new Set(after);
  return {
    added: unique(after).filter((permission) => !had.has(permission)),
    removed: unique(before).filter((permission) => !has.has(permission)),
  };
}

/** The raw `permissions` claim of an access token as strings; undefined when it is not a JWT or has no such array. */
export function tokenPermissions(token: string): string[] | undefined {
  const decoded = decodeJwt(token);
  if (!decoded.ok) return undefined;
  const claim = decoded.claims.permissions;
  if (!Array.isArray(claim)) return undefined;
  return claim.filter((entry): entry is string => typeof entry === 'string');
}

function listed(items: readonly string[], prefix = ''): string {
  const shown = items.slice(0, MAX_LISTED).map((item) => `${prefix}${item}`);
  const more = items.length - shown.length;
  return more > 0 ? `${shown.join(', ')} +${more} more` : shown.join(', ');
}

function who(profile: string, role: string | undefined): string {
  return role ? `${profile} (${role})` : profile;
}

/** A short sentence for the user, or undefined when nothing changed. */
export function describePermissionDiff(diff: PermissionDiff, context: PermissionDiffContext): string | undefined {
  if (diff.added.length === 0 && diff.removed.length === 0) return undefined;
  const current = who(context.profile, context.role);
  if (context.reason === 'refresh') {
    const parts: string[] = [];
    if (diff.added.length > 0) parts.push(listed(diff.added, '+'));
    if (diff.removed.length > 0) parts.push(listed(diff.removed, '−'));
    return `${current} after refresh: ${parts.join(' · ')}`;
  }
  const previous = context.previousProfile ? who(context.previousProfile, context.previousRole) : context.previousRole;
  const head = previous ? `Switched from ${previous} to ${current}` : `Switched to ${current}`;
  const parts: string[] = [];
  if (diff.added.length > 0) parts.push(`gains ${listed(diff.added)}`);
  if (diff.removed.length > 0) parts.push(`loses ${listed(diff.removed)}`);
  return `${head}: ${parts.join('; ')}`;
}
