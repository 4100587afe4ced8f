// The send path's one call into the history: a response (and the request it answered) becomes
// an entry, built redacted by core/http/history.ts, then kept by the store.
import { randomUUID } from 'node:crypto';
import { historyEntry } from '../../core/http/history';
import { maxBodyChars } from '../../core/http/historyFile';
import type { HttpResponse } from '../../core/http/response';
import type { CredentialSource } from '../../core/http/sender';
import { readHistoryCaps } from '../settings';
import { candidateLabel, type SendCandidate } from '../http/candidates';
import type { Target } from '../http/target';
import type { Log } from '../log';
import type { HistoryStore } from './historyStore';

export interface SentRequest {
  readonly target: Target;
  readonly candidate: SendCandidate;
  readonly response: HttpResponse;
  /** Its API token is masked wherever it appears (a session's JWTs are masked by shape). */
  readonly credential?: CredentialSource;
  /** One of the responses of "Send as every role". */
  readonly everyRole?: boolean;
}

export interface HistoryRecorder {
  record(sent: SentRequest): void;
}

/** The request's lines as written in its file (variables unresolved). */
function requestText(target: Target): string {
  const { start, end } = target.request.range;
  const lines: string[] = [];
  for (let line = start; line <= end && line < target.document.lineCount; line += 1) lines.push(target.document.lineAt(line).text);
  return lines.join('\n').trim();
}

export function createHistoryRecorder(store: HistoryStore, log: Log): HistoryRecorder {
  return {
    record({ target, candidate, response, credential, everyRole }) {
      const caps = readHistoryCaps();
      if (caps.maxEntries === 0) return;
      const entry = historyEntry({
        id: randomUUID(),
        at: Date.now(),
        response,
        sentAs: candidateLabel(candidate),
        profileId: candidate.id,
        requestText: requestText(target),
        source: {
          uri: target.uri.toString(),
          line: target.request.range.requestLine,
          rawUrl: target.request.url,
          ...(target.request.name === undefined ? {} : { name: target.request.name }),
        },
        ...(everyRole ? { everyRole: true } : {}),
        maxBodyChars: maxBodyChars(caps),
        knownSecrets: credential?.kind === 'apiToken' ? [credential.token] : [],
      });
      store.add(entry).catch((error: unknown) => log.warn(`history: ${error instanceof Error ? error.message : String(error)}`));
    },
  };
}
