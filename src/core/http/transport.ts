// One HTTP exchange over undici with FinCode's failure model: connect / headers / body
// timeouts, a total deadline, cancellation, a cap on the body size, and every failure mapped
// to a typed error whose message carries no credential (only the origin, never path or query).
import { Agent, errors as undiciErrors, request, type Dispatcher } from 'undici';
import type { Readable } from 'node:stream';
import { CancelledError, NetworkError, TimeoutError } from '../fincode/errors';

export interface Timeouts {
  readonly connectMs: number;
  readonly headersMs: number;
  readonly bodyMs: number;
  /** Whole exchange, headers and body; 0 = none. */
  readonly totalMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, headersMs: 30_000, bodyMs: 30_000, totalMs: 60_000 };

export interface TransportRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  readonly signal?: AbortSignal;
  readonly timeouts?: Partial<Timeouts>;
  /** Bytes kept of the response body; the rest is discarded and `truncated` set. */
  readonly maxBodyBytes?: number;
  readonly dispatcher?: Dispatcher;
}

export interface TransportResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
  readonly truncated: boolean;
  readonly elapsedMs: number;
}

export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

const dispatchers = new Map<number, Agent>();

/** One shared connection pool per connect timeout (undici sets that timeout per dispatcher). */
export function sharedDispatcher(connectMs: number): Agent {
  let agent = dispatchers.get(connectMs);
  if (!agent) {
    agent = new Agent({ connect: { timeout: connectMs } });
    dispatchers.set(connectMs, agent);
  }
  return agent;
}

/** The response as it arrives: status and headers, and the body stream for the caller's reader. */
export interface OpenResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Dispatcher.ResponseData['body'];
}

export interface ExchangeResult<T> {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** What `read` made of the body. */
  readonly result: T;
  /** Until the response headers arrived. */
  readonly headersMs: number;
  readonly elapsedMs: number;
}

/**
 * One exchange whose body `read` consumes. Timeouts, the deadline, cancellation and error
 * mapping cover the read too; if `read` fails, the body is destroyed so the socket never leaks.
 */
export async function exchange<T>(req: TransportRequest, read: (response: OpenResponse) => Promise<T>): Promise<ExchangeResult<T>> {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...req.timeouts };
  const origin = safeOrigin(req.url);
  // One controller carries both the deadline and the caller's cancellation (AbortSignal.any
  // costs more than the whole rest of a local exchange).
  const deadline = new AbortController();
  const timer = timeouts.totalMs > 0 ? setTimeout(() => deadline.abort(), timeouts.totalMs) : undefined;
  const cancel = (): void => deadline.abort();
  req.signal?.addEventListener('abort', cancel, { once: true });
  const signal = deadline.signal;
  const started = performance.now();
  try {
    if (req.signal?.aborted) throw new CancelledError();
    const response = await request(req.url, {
      method: req.method as Dispatcher.HttpMethod,
      headers: req.headers,
      body: req.body,
      signal,
      headersTimeout: timeouts.headersMs,
      bodyTimeout: timeouts.bodyMs,
      dispatcher: req.dispatcher ?? sharedDispatcher(timeouts.connectMs),
    });
    const headersMs = performance.now() - started;
    let result: T;
    try {
      result = await read({ status: response.statusCode, headers: response.headers, body: response.body });
    } catch (error) {
      response.body.destroy();
      throw error;
    }
    return { status: response.statusCode, headers: response.headers, result, headersMs, elapsedMs: performance.now() - started };
  } catch (error) {
    throw mapError(error, origin, timeouts, req.signal, deadline.signal);
  } finally {
    if (timer) clearTimeout(timer);
    req.signal?.removeEventListener('abort', cancel);
  }
}

export async function send(req: TransportRequest): Promise<TransportResponse> {
  const maxBytes = req.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const { status, headers, result, elapsedMs } = await exchange(req, ({ body }) => readCapped(body, maxBytes));
  return { status, headers, body: result.body, truncated: result.truncated, elapsedMs };
}

/** The body, at most `maxBytes` of it; reading stops (and the stream is destroyed) at the cap. */
export function readCapped(stream: Readable, maxBytes: number): Promise<{ body: Buffer; truncated: boolean }> {
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
        // stream then emits meets `reject` of a promise already resolved: a no-op, not a crash.
        stream.destroy();
        resolve({ body: Buffer.concat(chunks), truncated: true });
        return;
      }
      chunks.push(buffer);
      size += buffer.length;
    };
    stream.on('data', onData);
    stream.once('error', reject);
    stream.once('end', () => resolve({ body: Buffer.concat(chunks), truncated: false }));
  });
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).host;
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

function mapError(error: unknown, host: string, timeouts: Timeouts, userSignal: AbortSignal | undefined, deadline: AbortSignal): unknown {
  if (error instanceof CancelledError || error instanceof TimeoutError || error instanceof NetworkError) return error;
  if (userSignal?.aborted) return new CancelledError();
  if (deadline.aborted) return new TimeoutError('total', timeouts.totalMs);
  if (error instanceof undiciErrors.ConnectTimeoutError) return new TimeoutError('connect', timeouts.connectMs);
  if (error instanceof undiciErrors.HeadersTimeoutError) return new TimeoutError('headers', timeouts.headersMs);
  if (error instanceof undiciErrors.BodyTimeoutError) return new TimeoutError('body', timeouts.bodyMs);
  const code = errorCode(error);
  if (code && TLS_CODES.has(code)) {
    return new NetworkError(`The TLS certificate of ${host} was rejected (${code}). Certificate checks stay on; fix the server's certificate or trust its CA in your system.`, code);
  }
  if (error instanceof undiciErrors.InvalidArgumentError) {
    return new NetworkError(`The request to ${host} is invalid: ${error.message}`, error.code);
  }
  const reason = (code && NETWORK_REASONS[code]) ?? 'network error';
  return new NetworkError(`Could not reach ${host}: ${reason}${code ? ` (${code})` : ''}.`, code);
}
