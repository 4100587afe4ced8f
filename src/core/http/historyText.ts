// How a history entry reads: its row in the History view (label, description, tooltip lines)
// and the text document a comparison shows side by side in the diff editor.
import type { HistoryEntry } from './history';

/** The URL without its origin ("/api/v6/services/x?y"), as kept: `new URL` would percent-encode the masks. */
export function shortUrl(url: string): string {
  const origin = /^[a-z][\w+.-]*:\/\/[^/?#]*/i.exec(url)?.[0];
  if (origin === undefined) return url;
  const rest = url.slice(origin.length);
  return rest === '' || rest.startsWith('?') || rest.startsWith('#') ? `/${rest}` : rest;
}

const two = (value: number): string => String(value).padStart(2, '0');

/** "14:03:07" on the day of `now`, else (or without `now`) "2026-12-06 14:03:07"; local time. */
export function whenText(at: number, now?: number): string {
  const date = new Date(at);
  const time = `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
  if (now !== undefined && new Date(now).toDateString() === date.toDateString()) return time;
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${time}`;
}

export interface HistoryRow {
  /** "200 GET /api/v6/services/x". */
  readonly label: string;
  /** "CASHIER (cashier) · 14:03:07 · 45 ms". */
  readonly description: string;
  readonly tooltip: readonly string[];
}

export function historyRow(entry: HistoryEntry, now: number): HistoryRow {
  const when = whenText(entry.at, now);
  const source = entry.source ? `${entry.source.uri.replace(/^.*\//, '')}, line ${entry.source.line + 1}` : undefined;
  return {
    label: `${entry.status} ${entry.method} ${shortUrl(entry.url)}`,
    description: `${entry.sentAs} · ${when} · ${entry.timeMs} ms`,
    tooltip: [
      `${entry.method} ${entry.url}`,
      `${entry.status} ${entry.reason}`.trim(),
      `Sent as ${entry.sentAs}${entry.everyRole ? ' (every role)' : ''} at ${whenText(entry.at)}, ${entry.timeMs} ms`,
      ...(source ? [`From ${source}`] : []),
    ],
  };
}

function prettyBody(body: string, cut: boolean): string {
  if (cut) return body;
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/** What the diff editor shows for an entry: the request line, who and when, then the response as on the wire. */
export function comparisonText(entry: HistoryEntry): string {
  const { response } = entry;
  const notes = [
    ...(response.binary ? ['(the body is not text: not kept)'] : []),
    ...(response.cut ? ['(only the start of the body was kept)'] : []),
    ...(response.truncated ? ['(the body was cut at fincode.maxResponseBytes)'] : []),
  ];
  return [
    `${entry.method} ${entry.url}`,
    `# sent as ${entry.sentAs} at ${whenText(entry.at)}, ${entry.timeMs} ms`,
    '',
    `HTTP/${response.httpVersion} ${entry.status} ${entry.reason}`.trimEnd(),
    ...response.headers.map(({ name, value }) => `${name}: ${value}`),
    '',
    prettyBody(response.body, response.cut || response.truncated),
    ...notes,
  ].join('\n');
}

/** The diff editor's title: "200 GET /x (14:03:07) ↔ 403 GET /x (14:05:10)". */
export function comparisonTitle(left: HistoryEntry, right: HistoryEntry, now: number): string {
  const side = (entry: HistoryEntry) => `${entry.status} ${entry.method} ${shortUrl(entry.url)} as ${entry.sentAs} (${whenText(entry.at, now)})`;
  return `${side(left)} ↔ ${side(right)}`;
}
