// The request history as kept: newest first, within a count and a size, as one JSON document.
// Reading checks every entry's shape (the file may be old, hand-edited or cut by a crash): what
// does not fit is left out rather than failing the whole history.
import type { HistoryEntry } from './history';

export const HISTORY_FORMAT = 'fincode-history/1';

export interface HistoryCaps {
  /** Most entries kept; 0 keeps none. */
  readonly maxEntries: number;
  /** Most bytes of the stored JSON. */
  readonly maxBytes: number;
}

export const DEFAULT_HISTORY_CAPS: HistoryCaps = { maxEntries: 50, maxBytes: 4 * 1024 * 1024 };

/** Longest body an entry keeps: a quarter of the size cap, so one response never fills it. */
export function maxBodyChars(caps: HistoryCaps): number {
  return Math.max(1024, Math.floor(caps.maxBytes / 4));
}

export function entryBytes(entry: HistoryEntry): number {
  return Buffer.byteLength(JSON.stringify(entry), 'utf8');
}

/** The newest entries (first) that fit both caps: the oldest go first. */
export function capHistory(entries: readonly HistoryEntry[], caps: HistoryCaps): HistoryEntry[] {
  const kept: HistoryEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    if (kept.length >= caps.maxEntries) break;
    const size = entryBytes(entry);
    if (bytes + size > caps.maxBytes) break;
    kept.push(entry);
    bytes += size;
  }
  return kept;
}

export function serializeHistory(entries: readonly HistoryEntry[]): string {
  return JSON.stringify({ format: HISTORY_FORMAT, entries });
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isHeaders = (value: unknown): boolean => Array.isArray(value) && value.every((header) => isRecord(header) && isString(header.name) && isString(header.value));

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEntry(value: unknown): value is HistoryEntry {
  if (!isRecord(value) || !isRecord(value.request) || !isRecord(value.response)) return false;
  const { request, response, source } = value;
  return (
    [value.id, value.method, value.url, value.reason, value.sentAs, value.profileId, value.requestText, response.httpVersion, response.body].every(isString) &&
    [value.at, value.status, value.timeMs, response.bodyBytes].every(isNumber) &&
    isHeaders(request.headers) &&
    Array.isArray(request.injected) &&
    request.injected.every(isString) &&
    isHeaders(response.headers) &&
    (request.body === undefined || isString(request.body)) &&
    (source === undefined || (isRecord(source) && isString(source.uri) && isNumber(source.line) && isString(source.rawUrl)))
  );
}

/** The entries of a stored history; none when the text is not one. */
export function parseHistory(text: string): HistoryEntry[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  if (!isRecord(value) || value.format !== HISTORY_FORMAT || !Array.isArray(value.entries)) return [];
  return value.entries.filter(isEntry);
}
