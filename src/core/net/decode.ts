// Reading a response body with its Content-Encoding removed (undici's request() does not
// decompress), streaming through node:zlib so memory stays bounded: the DECODED size is capped,
// and at the cap the download stops and every stream is destroyed — a gzip bomb costs at most
// the cap. More than MAX_STACKED_CODINGS codings, or an unknown one, is kept raw and marked.
// Ours, not undici's `interceptors.decompress`: at its maxSize that fails the whole response
// (we keep the first bytes, marked truncated, and count the raw bytes), it reads "deflate" as
// zlib-wrapped only (servers also send raw deflate), and it drops what arrived before a failure.
import { Duplex, Transform, Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { readCapped } from './transport';

export const MAX_STACKED_CODINGS = 3;

export interface DecodedBody {
  readonly body: Buffer;
  /** Bytes received on the wire (until reading stopped). */
  readonly rawBytes: number;
  readonly truncated: boolean;
  /** The Content-Encoding codings, in the order the server applied them. */
  readonly codings: readonly string[];
  /** False when the body is kept as received (no coding, unknown or too many codings). */
  readonly decoded: boolean;
  readonly problem?: string;
  /** The download's failure (network, timeout, abort) when it ended the body early: what arrived is kept. */
  readonly interrupted?: unknown;
}

const CODING_ALIASES: Readonly<Record<string, string>> = { 'x-gzip': 'gzip' };

/** `gzip, br` → ['gzip', 'br']; identity dropped. */
export function parseCodings(header: string | undefined): string[] {
  // No Content-Encoding: the common case, answered without allocating.
  if (header === undefined || header === '') return [];
  return header
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .map((coding) => CODING_ALIASES[coding] ?? coding)
    .filter((coding) => coding !== '' && coding !== 'identity');
}

// Decoders flush what they have at the end instead of failing on a truncated stream, as browsers do.
const ZLIB_OPTIONS = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
const BROTLI_OPTIONS = { finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH };

/** RFC 1950 header: servers labelled "deflate" send either zlib-wrapped or raw deflate data. */
function hasZlibHeader(first: Buffer): boolean {
  const [cmf = 0, flg = 0] = first;
  return (cmf & 0x0f) === 8 && (first.length < 2 || ((cmf << 8) | flg) % 31 === 0);
}

function inflateEither(): Duplex {
  return Duplex.from(async function* (source: AsyncIterable<Buffer>) {
    const chunks = source[Symbol.asyncIterator]();
    const first = await chunks.next();
    if (first.done) return;
    const rest = async function* (): AsyncGenerator<Buffer> {
      yield first.value;
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
    };
    const inflater = hasZlibHeader(first.value) ? zlib.createInflate(ZLIB_OPTIONS) : zlib.createInflateRaw(ZLIB_OPTIONS);
    // A failure on either side destroys the inflater, so it surfaces in the iteration below.
    pipeline(rest(), inflater).catch(() => undefined);
    try {
      yield* inflater;
    } finally {
      inflater.destroy();
    }
  });
}

const DECODERS: Readonly<Record<string, () => Duplex>> = {
  gzip: () => zlib.createGunzip(ZLIB_OPTIONS),
  deflate: inflateEither,
  br: () => zlib.createBrotliDecompress(BROTLI_OPTIONS),
};

/** Why the codings cannot be decoded, or undefined when they can. */
function codingProblem(codings: readonly string[]): string | undefined {
  if (codings.length === 0) return undefined;
  if (codings.length > MAX_STACKED_CODINGS) return `${codings.length} stacked Content-Encodings (more than ${MAX_STACKED_CODINGS}): kept as received`;
  const unknown = codings.find((coding) => !Object.hasOwn(DECODERS, coding));
  return unknown === undefined ? undefined : `unsupported Content-Encoding "${unknown}": kept as received`;
}

const STOP = new Error('decoded size limit reached');

/**
 * Reads `stream` to the end, decoding `contentEncoding`, keeping at most `maxBytes` decoded bytes.
 * A failure of the stream itself (network, timeouts, abort) ends the body as `interrupted`, with
 * what arrived kept (the caller decides whether to show it or fail); a decoding failure keeps
 * what was decoded and reports the problem.
 */
export function readDecoded(stream: Readable, contentEncoding: string | undefined, maxBytes: number): Promise<DecodedBody> {
  const codings = parseCodings(contentEncoding);
  const problem = codingProblem(codings);
  if (codings.length === 0 || problem !== undefined) {
    return readCapped(stream, maxBytes, true).then(({ body, truncated, interrupted }) => ({
      body,
      rawBytes: body.length,
      truncated,
      codings,
      decoded: false,
      ...(problem ? { problem } : {}),
      ...(interrupted === undefined ? {} : { interrupted }),
    }));
  }
  return readDecoding(stream, codings, maxBytes);
}

async function readDecoding(stream: Readable, codings: readonly string[], maxBytes: number): Promise<DecodedBody> {
  let rawBytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      rawBytes += chunk.length;
      callback(null, chunk);
    },
  });
  // Which stream failed first tells a network failure from a decoding one.
  let failedFirst: 'source' | 'decoder' | undefined;
  stream.once('error', () => (failedFirst ??= 'source'));
  // Decoding undoes the codings in the reverse order of their application.
  const decoders = [...codings].reverse().map((coding) => {
    const decoder = (DECODERS[coding] as () => Duplex)();
    decoder.once('error', () => (failedFirst ??= 'decoder'));
    return decoder;
  });
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  const collect = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      const room = maxBytes - size;
      if (chunk.length <= room) {
        chunks.push(chunk);
        size += chunk.length;
        callback();
        return;
      }
      chunks.push(chunk.subarray(0, room));
      size += room;
      truncated = true;
      // Failing the sink makes pipeline destroy every stream, the download included.
      callback(STOP);
    },
  });
  let failure: string | undefined;
  let interrupted: unknown;
  try {
    await pipeline([stream, counter, ...decoders, collect]);
  } catch (error) {
    if (error !== STOP) {
      if (failedFirst !== 'decoder') interrupted = error;
      else failure = `the ${codings.join(', ')} body could not be decoded (${error instanceof Error ? error.message : String(error)}): showing what was decoded`;
    }
  }
  const body = Buffer.concat(chunks);
  // An empty body (HEAD, 204, 304) declared as compressed is not a decoding failure.
  const decodeProblem = failure !== undefined && rawBytes > 0 ? failure : undefined;
  return {
    body,
    rawBytes,
    truncated: truncated || interrupted !== undefined,
    codings,
    decoded: decodeProblem === undefined,
    ...(decodeProblem ? { problem: decodeProblem } : {}),
    ...(interrupted === undefined ? {} : { interrupted }),
  };
}
