// What the Profiles view and the status bar know about each profile's session without opening the
// keyring: signed in until when (never a token). Kept in globalState beside the profiles; the model
// writes it whenever it has read or changed the stored tokens, and reads only this until the keyring
// is in use (a sign-in, a send, another window's write), so opening a .http file asks no keyring.
// No 'vscode' import: plain Node tests.
import type { TokenState } from './profileStatus';

export interface SessionFact {
  /** Local clock, ms, as in the token record. */
  readonly expiresAt: number;
  readonly receivedAt?: number;
}

/** By profile id; a profile without a fact is signed out. */
export type SessionFacts = Readonly<Record<string, SessionFact>>;

/** Reads what globalState holds; undefined when there is nothing (an older version, or the first run). */
export function parseSessionFacts(raw: unknown): SessionFacts | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const facts: Record<string, SessionFact> = {};
  for (const [id, value] of Object.entries(raw as Record<string, unknown>)) {
    const fact = value as Partial<SessionFact> | null;
    if (typeof fact?.expiresAt !== 'number') continue;
    facts[id] = { expiresAt: fact.expiresAt, ...(typeof fact.receivedAt === 'number' ? { receivedAt: fact.receivedAt } : {}) };
  }
  return facts;
}

export function tokenStateOf(fact: SessionFact | undefined): TokenState {
  return fact ? { kind: 'signed-in', ...fact } : { kind: 'signed-out' };
}

/** The facts of the given profiles' states: only the signed-in ones, with their times. */
export function factsOf(states: ReadonlyMap<string, TokenState>, profileIds: readonly string[]): SessionFacts {
  const facts: Record<string, SessionFact> = {};
  for (const id of profileIds) {
    const state = states.get(id);
    if (state?.kind === 'signed-in') facts[id] = { expiresAt: state.expiresAt, ...(state.receivedAt === undefined ? {} : { receivedAt: state.receivedAt }) };
  }
  return facts;
}

export const sameFacts = (a: SessionFacts | undefined, b: SessionFacts): boolean => JSON.stringify(a) === JSON.stringify(b);
