// What a route answers: a status, a JSON body and extra headers. Handlers return replies;
// deep helpers (body validation) throw a ReplyError that the dispatcher turns into its reply.

export interface Reply {
  readonly status: number;
  /** Serialised as JSON; omitted for 204. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export class ReplyError extends Error {
  override readonly name = 'ReplyError';
  constructor(readonly reply: Reply) {
    super(`HTTP ${reply.status}`);
  }
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return headers ? { status, body, headers } : { status, body };
}

export function validation(message: string): Reply {
  return json(400, { error: 'validation', message });
}

export function notFound(message = 'No such resource'): Reply {
  return json(404, { error: 'not_found', message });
}

/** A reply carrying `retry_after` in the body and the `Retry-After` header. */
export function retryLater(status: number, error: string, message: string, retryAfterSeconds: number): Reply {
  return json(status, { error, message, retry_after: retryAfterSeconds }, { 'retry-after': String(retryAfterSeconds) });
}
