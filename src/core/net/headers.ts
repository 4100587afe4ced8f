// The request as it goes on the wire and its header list, with the helpers every layer above
// uses. Header lists keep duplicates and the order they came in.

export interface HeaderEntry {
  readonly name: string;
  readonly value: string;
}

/** A request ready to send: variables resolved, body built, headers final. */
export interface OutgoingRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: readonly HeaderEntry[];
  /** Buffered, so a retry or a 307/308 sends the identical bytes. */
  readonly body?: Buffer;
}

/** The first value of `name`, case-insensitively. */
export function headerValue(headers: readonly HeaderEntry[], name: string): string | undefined {
  const wanted = name.toLowerCase();
  return headers.find((header) => header.name.toLowerCase() === wanted)?.value;
}

export function hasHeader(headers: readonly HeaderEntry[], name: string): boolean {
  return headerValue(headers, name) !== undefined;
}

/** `headers` without any of `names` (case-insensitive). */
export function withoutHeaders(headers: readonly HeaderEntry[], names: Iterable<string>): HeaderEntry[] {
  const drop = new Set([...names].map((name) => name.toLowerCase()));
  return headers.filter((header) => !drop.has(header.name.toLowerCase()));
}

/** undici's header record as a list; repeated headers (arrays) become repeated entries. */
export function headerList(record: Readonly<Record<string, string | string[] | undefined>>): HeaderEntry[] {
  const list: HeaderEntry[] = [];
  for (const name in record) {
    if (!Object.hasOwn(record, name)) continue;
    const value = record[name];
    if (typeof value === 'string') list.push({ name, value });
    else if (Array.isArray(value)) for (const item of value) list.push({ name, value: item });
  }
  return list;
}

/**
 * The list as undici's flat `[name, value, …]` array (cheaper for it than a record): names in
 * lower case, repeated names joined as HTTP allows (Cookie with "; ", others with ", "), in the
 * order they first appear.
 */
export function headerPairs(headers: readonly HeaderEntry[]): string[] {
  const pairs: string[] = [];
  for (const { name, value } of headers) {
    const key = name.toLowerCase();
    let at = 0;
    while (at < pairs.length && pairs[at] !== key) at += 2;
    if (at === pairs.length) pairs.push(key, value);
    else pairs[at + 1] = `${pairs[at + 1] as string}${key === 'cookie' ? '; ' : ', '}${value}`;
  }
  return pairs;
}
