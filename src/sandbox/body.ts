// Reading and parsing request bodies, with a size cap. Past the cap the rest of the body is
// drained without being kept, so the client still receives the 413 instead of a reset.
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { json, ReplyError, validation } from './reply';

const MAX_BODY_BYTES = 1024 * 1024;

function tooLarge(): ReplyError {
  return new ReplyError(json(413, { error: 'payload_too_large', message: `Request body exceeds ${MAX_BODY_BYTES} bytes` }));
}

function announcedLength(headers: IncomingHttpHeaders): number {
  const length = Number(headers['content-length']);
  return Number.isFinite(length) ? length : 0;
}

/** The body as text; rejects with a 413 ReplyError as soon as it is known to exceed the cap. */
export function readBody(request: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Keep reading (and discarding) after a rejection, so the 413 reaches the client.
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else reject(tooLarge());
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
    if (announcedLength(request.headers) > maxBytes) reject(tooLarge());
  });
}

function isJsonContentType(headers: IncomingHttpHeaders): boolean {
  const mediaType = headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  return mediaType === 'application/json';
}

export function parseJsonBody(raw: string, headers: IncomingHttpHeaders): unknown {
  if (raw.length === 0) return undefined;
  if (!isJsonContentType(headers)) throw new ReplyError(validation('Content-Type must be application/json for a request body'));
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new ReplyError(validation('Request body is not valid JSON'));
  }
}
