// Which CodeLenses a parsed .http file gets, as plain data (no 'vscode' import: tested in plain
// Node). Lines come from the pure parser.
import { isSendable, type ParsedFile, type ParsedRequest } from '../../core/http/model';
import { candidateLabel, chosenCandidate, type SendCandidate } from './candidates';

export type LensAction = 'send' | 'sendAs' | 'sendAll' | 'copyCurl' | 'trust';

export interface LensPlan {
  readonly line: number;
  readonly title: string;
  readonly action: LensAction;
  readonly tooltip?: string;
}

export interface LensContext {
  readonly trusted: boolean;
  readonly candidates: readonly SendCandidate[];
  readonly activeId?: string;
}

export function planLenses(file: ParsedFile, context: LensContext): LensPlan[] {
  return file.requests.flatMap((request) => requestLenses(request, context));
}

/** The lenses above one request: none unless it can be sent. */
export function requestLenses(request: ParsedRequest, context: LensContext): LensPlan[] {
  const line = request.range.requestLine;
  if (!isSendable(request.method)) return [];
  if (!context.trusted) {
    return [
      { line, title: '$(shield) Trust this workspace to send requests', action: 'trust', tooltip: 'Restricted Mode: nothing is sent from an untrusted workspace, whose files could point requests at any server' },
      { line, title: 'Copy as cURL', action: 'copyCurl' },
    ];
  }
  const plans: LensPlan[] = [];
  const chosen = chosenCandidate(request, context.candidates, context.activeId);
  if ('candidate' in chosen) {
    const who = candidateLabel(chosen.candidate);
    plans.push({ line, title: request.annotations.noAuth ? `▶ Send without credentials (${chosen.candidate.name}'s environment)` : `▶ Send as ${who}`, action: 'send' });
  } else {
    plans.push({ line, title: '▶ Send…', action: 'sendAs', tooltip: chosen.problem });
  }
  plans.push({ line, title: 'Send as…', action: 'sendAs' });
  if (!request.annotations.noAuth) plans.push({ line, title: 'Send as every role', action: 'sendAll' });
  plans.push({ line, title: 'Copy as cURL', action: 'copyCurl' });
  return plans;
}

/** Lenses made for a file's requests, in order; `ends[i]`: where request i's lenses end in `items`. */
export interface MadeLenses<T> {
  readonly requests: readonly ParsedRequest[];
  readonly items: T[];
  readonly ends: readonly number[];
}

/**
 * The lenses of `requests`, made anew only where `previous` had no request to take them from:
 * the incremental re-parse keeps the objects of the requests before an edit, and those after it
 * too or, when lines came or went, copies with the lines moved. A request's lenses depend on its
 * method, URL, annotations and line alone (requestLenses), so the lenses of a moved request are
 * its old ones moved (`move`), and a keystroke makes the lenses of one request.
 */
export function remadeLenses<T>(
  previous: MadeLenses<T> | undefined,
  requests: readonly ParsedRequest[],
  make: (request: ParsedRequest) => readonly T[],
  move: (item: T, lines: number) => T,
): MadeLenses<T> {
  const old = previous?.requests ?? [];
  if (old === requests && previous) return previous;
  const most = Math.min(old.length, requests.length);
  let same = 0;
  while (same < most && old[same] === requests[same]) same++;
  const lines = most > same ? movedBy(old[old.length - 1] as ParsedRequest, requests[requests.length - 1] as ParsedRequest) : undefined;
  let sameAfter = 0;
  while (lines !== undefined && sameAfter < most - same && movedBy(old[old.length - 1 - sameAfter] as ParsedRequest, requests[requests.length - 1 - sameAfter] as ParsedRequest) === lines) sameAfter++;
  const oldItems = previous?.items ?? [];
  const oldEnds = previous?.ends ?? [];
  const kept = same === 0 ? 0 : (oldEnds[same - 1] as number);
  const made: T[] = [];
  const madeEnds: number[] = [];
  for (let i = same; i < requests.length - sameAfter; i++) {
    for (const item of make(requests[i] as ParsedRequest)) made.push(item);
    madeEnds.push(kept + made.length);
  }
  const keptFrom = old.length - sameAfter;
  const keptItemsFrom = keptFrom === 0 ? 0 : (oldEnds[keptFrom - 1] as number);
  const shift = kept + made.length - keptItemsFrom;
  // A keystroke within a request (the same lines, the same number of lenses): one copy of the
  // old lists with that request's lenses replaced, not three (tens of thousands of lenses each).
  if (!lines && shift === 0 && keptFrom - same === requests.length - sameAfter - same) {
    const items = oldItems.slice();
    const ends = oldEnds.slice();
    for (let i = 0; i < made.length; i++) items[kept + i] = made[i] as T;
    for (let i = 0; i < madeEnds.length; i++) ends[same + i] = madeEnds[i] as number;
    return { requests, items, ends };
  }
  const itemsAfter = oldItems.slice(keptItemsFrom);
  const endsAfter = oldEnds.slice(keptFrom);
  const items = oldItems.slice(0, kept).concat(made, lines ? itemsAfter.map((item) => move(item, lines)) : itemsAfter);
  const ends = oldEnds.slice(0, same).concat(madeEnds, shift === 0 ? endsAfter : endsAfter.map((end) => end + shift));
  return { requests, items, ends };
}

/** How far `now` is `before` moved (0: the same object), or undefined when its lenses may differ. */
function movedBy(before: ParsedRequest, now: ParsedRequest): number | undefined {
  if (before === now) return 0;
  const same = before.method === now.method && before.url === now.url && before.annotations === now.annotations;
  return same ? now.range.requestLine - before.range.requestLine : undefined;
}
