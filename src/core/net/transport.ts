// One HTTP exchange over undici with one failure model: connect / headers / body
// timeouts, a total deadline, cancellation at once, a cap on the body size, and every failure
// mapped to a typed error whose message carries no credential (only the origin, never path or
// query, and a proxy without its user and password). Connections come from the caller's
// Connections (connections.ts: the proxy, certificates always checked, HTTP/2 when offered), or
// from one opened for this exchange alone and closed after it; a GET, HEAD or OPTIONS whose connection dropped before any response is sent once more
// (ours, not undici's retry interceptor: that one also retries on statuses and after a body
// began, with back-off; we resend only what the server cannot have seen, once, at once).
import type { Dispatcher } from 'undici';
import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import { CancelledError, CertificateError, NetworkError, TimeoutError } from '../errors';
import { createConnections, type Connections } from './connections';
import { describeProxy } from './proxy';
import { undici } from './undici';

export interface Timeouts {
  readonly connectMs: number;
  readonly headersMs: number;
  readonly bodyMs: number;
  /** Whole exchange, headers and body; 0 = none. */
  readonly totalMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, headersMs: 30_000, bodyMs: 30_000, totalMs: 60_000 };

export interface TransportRequest {
  /** Absolute http(s); a URL the caller already parsed is used as is (and must not change meanwhile). */
  readonly url: string | URL;
  readonly method: string;
  /** A record, or undici's flat `[name, value, …]` list. */
  readonly headers: Readonly<Record<string, string>> | readonly string[];
  readonly body?: string | Uint8Array;
  readonly signal?: AbortSignal;
  readonly timeouts?: Partial<Timeouts>;
  /** Bytes kept of the response body; the rest is discarded and `truncated` set. */
  readonly maxBodyBytes?: number;
  /** The pools to use; without them (and without `dispatcher`) the exchange opens its own and closes them after. */
  readonly connections?: Connections;
  /** Replaces the pools' choice (a test's own TLS settings). */
  readonly dispatcher?: Dispatcher;
}

export interface TransportResponse {
  readonly status: number;
  readonly httpVersion: HttpVersion;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
  readonly truncated: boolean;
  readonly elapsedMs: number;
}

export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** The response as it arrives: status and headers, and the body stream for the caller's reader. */
export interface OpenResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Dispatcher.ResponseData['body'];
}

/** '2' when the server chose HTTP/2 (over TLS, by ALPN), else '1.1'. */
export type HttpVersion = '1.1' | '2';

export interface ExchangeResult<T> {
  readonly status: number;
  readonly httpVersion: HttpVersion;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** What `read` made of the body. */
  readonly result: T;
  /** Until the response headers arrived. */
  readonly headersMs: number;
  readonly elapsedMs: number;
}

/**
 * The deadline and the caller's cancellation in one abort source for undici: an EventEmitter
 * (which undici accepts as a `signal`) rather than an AbortController, whose AbortSignal (an
 * EventTarget) costs a measurable share of a local exchange. undici adds its one listener with
 * `once('abort')` and drops it with `removeListener`: that listener is kept in a field, not
 * wrapped and bound as the emitter's own `once` does. Any other use goes through EventEmitter as
 * usual, and `abort` emits 'abort' for such listeners too.
 */
class Deadline extends EventEmitter {
  aborted = false;
  private abortListener: ((...args: unknown[]) => void) | undefined;

  constructor(
    /** performance.now() time of the total deadline; Infinity for none. */
    readonly at: number,
  ) {
    super();
  }

  override once(event: string | symbol, listener: (...args: unknown[]) => void): this {
    if (event !== 'abort' || this.abortListener !== undefined) return super.once(event, listener);
    this.abortListener = listener;
    return this;
  }

  override removeListener(event: string | symbol, listener: (...args: unknown[]) => void): this {
    if (event === 'abort' && listener === this.abortListener) this.abortListener = undefined;
    else super.removeListener(event, listener);
    return this;
  }

  private rejectWaiting: ((reason: Error) => void) | undefined;

  /**
   * `dispatcher.request`, rejected at once by an abort: undici looks at the signal only once it
   * has a connection, so a connect that hangs would hold a cancel until the connect timeout. A
   * response that still comes after the abort is discarded.
   */
  request(dispatcher: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
    return new Promise((resolve, reject) => {
      this.rejectWaiting = reject;
      dispatcher.request(options).then((response) => {
        if (this.aborted) response.body.destroy();
        resolve(response);
      }, reject);
    });
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    const listener = this.abortListener;
    this.abortListener = undefined;
    listener?.();
    this.rejectWaiting?.(new Error('aborted'));
    this.emit('abort');
  }
}

/** setTimeout's longest delay; a deadline further away is reached in several steps. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * The total deadlines of the exchanges in flight, on one timer armed for the earliest: an
 * exchange arms no timer of its own (setting and clearing one per exchange costs a measurable
 * share of a local exchange). The timer does not keep the process alive (an exchange in flight
 * does); when it fires, it aborts what is due and re-arms for the next deadline, if any.
 */
class Deadlines {
  private readonly pending = new Set<Deadline>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;

  add(deadline: Deadline): void {
    this.pending.add(deadline);
    if (deadline.at < this.timerAt) this.arm(deadline.at);
  }

  /** The timer stays armed: when it fires with nothing due, it re-arms or stops. */
  delete(deadline: Deadline): void {
    this.pending.delete(deadline);
  }

  private arm(at: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.fire(), Math.min(MAX_TIMER_MS, Math.max(1, Math.ceil(at - performance.now()))));
    this.timer.unref();
  }

  private fire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = performance.now();
    let next = Infinity;
    for (const deadline of this.pending) {
      if (deadline.at <= now) {
        this.pending.delete(deadline);
        deadline.abort();
      } else if (deadline.at < next) {
        next = deadline.at;
      }
    }
    if (next !== Infinity) this.arm(next);
  }
}

const deadlines = new Deadlines();

/**
 * One exchange whose body `read` consumes. Timeouts, the deadline, cancellation and error
 * mapping cover the read too; if `read` fails, the body is destroyed so the socket never leaks.
 */
export async function exchange<T>(req: TransportRequest, read: (response: OpenResponse) => Promise<T>): Promise<ExchangeResult<T>> {
  const timeouts = req.timeouts === undefined || req.timeouts === DEFAULT_TIMEOUTS ? DEFAULT_TIMEOUTS : { ...DEFAULT_TIMEOUTS, ...req.timeouts };
  const deadline = new Deadline(timeouts.totalMs > 0 ? performance.now() + timeouts.totalMs : Infinity);
  if (deadline.at !== Infinity) deadlines.add(deadline);
  const cancel = req.signal ? (): void => deadline.abort() : undefined;
  if (cancel) req.signal?.addEventListener('abort', cancel, { once: true });
  const started = performance.now();
  let target: URL | undefined;
  let proxy: URL | undefined;
  // The response headers, once they came: a failure after them broke the response off.
  let responded: OpenResponse['headers'] | undefined;
  // Opened for this exchange alone when the caller brought no pools.
  let own: Connections | undefined;
  try {
    if (req.signal?.aborted) throw new CancelledError();
    // Parsed once, here or by the caller: the dispatcher is given origin and path (undici's
    // top-level request(url) would parse the URL again).
    target = typeof req.url === 'string' ? new URL(req.url) : req.url;
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      throw new (undici().errors.InvalidArgumentError)('Invalid URL protocol: the URL must start with `http:` or `https:`.');
    }
    let dispatcher = req.dispatcher;
    if (dispatcher === undefined) {
      const connections = req.connections ?? (own = createConnections());
      ({ dispatcher, proxy } = connections.route(target, timeouts.connectMs));
    }
    const options: Dispatcher.RequestOptions = {
      origin: target.origin,
      // The fragment is never sent.
      path: `${target.pathname}${target.search}`,
      method: req.method as Dispatcher.HttpMethod,
      headers: req.headers as Dispatcher.RequestOptions['headers'],
      body: req.body,
      signal: deadline,
      headersTimeout: timeouts.headersMs,
      bodyTimeout: timeouts.bodyMs,
    };
    let response: Dispatcher.ResponseData;
    try {
      response = await deadline.request(dispatcher, options);
    } catch (error) {
      if (!resendable(req.method, error) || deadline.aborted) throw error;
      response = await deadline.request(dispatcher, options);
    }
    const headersMs = performance.now() - started;
    responded = response.headers;
    let result: T;
    try {
      result = await read({ status: response.statusCode, headers: response.headers, body: response.body });
    } catch (error) {
      response.body.destroy();
      throw error;
    }
    // A reader that stopped early (one that wanted only the status) leaves the rest of the body:
    // draining it (or closing the connection when it is large) frees the connection for the pool.
    if (!response.body.readableEnded && !response.body.destroyed) response.body.dump().catch(() => undefined);
    // undici does not say which version answered; an HTTP/2 response has no reason phrase, which
    // an HTTP/1.1 response carries (an empty one, allowed but rare, would read as HTTP/2 here).
    const httpVersion = response.statusText === '' && target.protocol === 'https:' ? '2' : '1.1';
    return { status: response.statusCode, httpVersion, headers: response.headers, result, headersMs, elapsedMs: performance.now() - started };
  } catch (error) {
    // Only the host: the path or query may carry secrets.
    throw mapError(error, target?.host ?? safeHost(req.url), timeouts, req.signal, deadline.aborted, proxy, responded);
  } finally {
    void own?.close();
    deadlines.delete(deadline);
    if (cancel) req.signal?.removeEventListener('abort', cancel);
  }
}

/** Sent once more when the connection dropped before any response: read-only methods only. */
const RESENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);
/** The connection closed under the request (reset, HTTP/2 GOAWAY, a kept-alive connection the server had just closed). */
const DROPPED_CODES: ReadonlySet<string> = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);

/**
 * Whether a request that failed before its response began is sent again, once, on a new
 * connection: only GET, HEAD and OPTIONS, which cannot change anything on the server. A POST,
 * PUT, PATCH or DELETE is never resent: the server may have acted on it.
 */
function resendable(method: string, error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return RESENT_METHODS.has(method) && typeof code === 'string' && DROPPED_CODES.has(code);
}

export async function send(req: TransportRequest): Promise<TransportResponse> {
  const maxBytes = req.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const { status, httpVersion, headers, result, elapsedMs } = await exchange(req, ({ body }) => readCapped(body, maxBytes));
  return { status, httpVersion, headers, body: result.body, truncated: result.truncated, elapsedMs };
}

export interface CappedBody {
  readonly body: Buffer;
  readonly truncated: boolean;
  /** Why the body stopped before its end, when `keepPartial` kept what had arrived. */
  readonly interrupted?: unknown;
}

/**
 * The body, at most `maxBytes` of it; reading stops (and the stream is destroyed) at the cap.
 * When the stream fails, the promise rejects, or with `keepPartial` resolves with what arrived.
 */
export function readCapped(stream: Readable, maxBytes: number, keepPartial = false): Promise<CappedBody> {
  // Events rather than `for await`: the async iterator costs a measurable share of a local exchange.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer | Uint8Array): void => {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      if (size + buffer.length > maxBytes) {
        chunks.push(buffer.subarray(0, maxBytes - size));
        stream.off('data', onData);
        // Stop downloading: memory stays bounded whatever the server sends. The abort error the
        // stream then emits meets a promise already resolved: a no-op, not a crash.
        stream.destroy();
        resolve({ body: Buffer.concat(chunks), truncated: true });
        return;
      }
      chunks.push(buffer);
      size += buffer.length;
    };
    stream.on('data', onData);
    stream.once('error', keepPartial ? (error) => resolve({ body: Buffer.concat(chunks), truncated: true, interrupted: error }) : reject);
    stream.once('end', () => resolve({ body: Buffer.concat(chunks), truncated: false }));
  });
}

/** Whether `error` is undici's body timeout: the response stopped arriving for longer than `bodyMs`. */
export function isBodyTimeout(error: unknown): boolean {
  return error instanceof undici().errors.BodyTimeoutError;
}

function safeHost(url: string | URL): string {
  try {
    return typeof url === 'string' ? new URL(url).host : url.host;
  } catch {
    return 'the server';
  }
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

const NETWORK_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed while sending',
  UND_ERR_SOCKET: 'the connection was closed unexpectedly',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'the response body does not match its Content-Length',
};

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const own = (error as { code?: unknown }).code;
  if (typeof own === 'string' && own !== 'UND_ERR_SOCKET') return own;
  const cause = (error as { cause?: { code?: unknown } }).cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  return typeof own === 'string' ? own : undefined;
}

/** Failures to reach the next hop: with a proxy, that hop is the proxy. */
const CONNECT_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

const PROXY_ADVICE = 'Check http.proxy or HTTPS_PROXY / HTTP_PROXY, or NO_PROXY for hosts to reach directly.';

/** What undici says when the proxy answers CONNECT with a status other than 200. */
const TUNNEL_REFUSED = /^Proxy response \((\d{3})\)/;

/**
 * `aborted`: the exchange was aborted, by the caller or (when the caller did not) by the deadline.
 * `proxy`: the proxy the request went through; messages name it without its credentials.
 * `responded`: the response headers, when they had arrived.
 */
function mapError(
  error: unknown,
  host: string,
  timeouts: Timeouts,
  userSignal: AbortSignal | undefined,
  aborted: boolean,
  proxy: URL | undefined,
  responded: OpenResponse['headers'] | undefined,
): unknown {
  if (error instanceof CancelledError || error instanceof TimeoutError || error instanceof NetworkError) return error;
  if (userSignal?.aborted) return new CancelledError();
  if (aborted) return new TimeoutError('total', timeouts.totalMs);
  const undiciErrors = undici().errors;
  if (error instanceof undiciErrors.ConnectTimeoutError) {
    if (!proxy) return new TimeoutError('connect', timeouts.connectMs);
    return new NetworkError(
      `Could not connect to ${host} through the proxy ${describeProxy(proxy)} within ${timeouts.connectMs} ms. ${PROXY_ADVICE}`,
      'UND_ERR_CONNECT_TIMEOUT',
    );
  }
  if (error instanceof undiciErrors.HeadersTimeoutError) return new TimeoutError('headers', timeouts.headersMs);
  if (error instanceof undiciErrors.BodyTimeoutError) return new TimeoutError('body', timeouts.bodyMs);
  const code = errorCode(error);
  if (code && TLS_CODES.has(code)) {
    return new CertificateError(`The TLS certificate of ${host} was rejected (${code}). Certificate checks stay on; fix the server's certificate or trust its CA in your system.`, code);
  }
  if (proxy) {
    const refused = error instanceof Error ? TUNNEL_REFUSED.exec(error.message) : null;
    if (refused) {
      const status = Number(refused[1]);
      const advice = status === 407 ? 'check the user name and password in the proxy setting' : 'check that the proxy may reach that host';
      return new NetworkError(`The proxy ${describeProxy(proxy)} refused to connect to ${host} (HTTP ${status}${status === 407 ? ' Proxy Authentication Required' : ''}): ${advice}.`, `PROXY_${status}`);
    }
    if (code && CONNECT_CODES.has(code)) {
      return new NetworkError(`Could not reach the proxy ${describeProxy(proxy)} (for ${host}): ${NETWORK_REASONS[code] ?? code} (${code}). ${PROXY_ADVICE}`, code);
    }
  }
  if (error instanceof undiciErrors.InvalidArgumentError) {
    return new NetworkError(`The request to ${host} is invalid: ${error.message}`, error.code);
  }
  const goaway = error instanceof Error && error.message.includes('GOAWAY');
  const reason = goaway ? 'the server closed the HTTP/2 connection (GOAWAY)' : ((code && NETWORK_REASONS[code]) ?? 'network error');
  const suffix = code ? ` (${code})` : '';
  if (responded === undefined) return new NetworkError(`Could not reach ${host}: ${reason}${suffix}.`, code);
  const declared = responded['content-length'];
  const why =
    code === 'UND_ERR_SOCKET' && !goaway && typeof declared === 'string'
      ? `the connection closed before the ${declared} bytes of its Content-Length arrived: the body does not match its Content-Length`
      : reason;
  return new NetworkError(`The response from ${host} broke off: ${why}${suffix}.`, code);
}
