// cURL in both directions. `toCurl` writes a resolved request as a POSIX shell command, with
// credential values replaced by shell variables unless asked otherwise. `fromCurl` reads what
// browsers ("Copy as cURL"), the FinCode docs and people write — `\` continuations, '…', "…" and
// $'…' quoting, the common flags — into .http text; it never throws: what it cannot carry over
// becomes a warning.
import { basename } from 'node:path';
import type { OutgoingRequest } from '../net/headers';
import { isCredentialHeader } from './response';

// ---------------------------------------------------------------------------------------------
// Export

export interface CurlOptions {
  /** Put the real credential values in the command (default: `$FINCODE_TOKEN` / `$FINCODE_COOKIE`). */
  readonly includeCredentials?: boolean;
  /** Add `--compressed` (curl then asks for and decodes gzip/deflate/br). */
  readonly compressed?: boolean;
}

export const TOKEN_VARIABLE = '$FINCODE_TOKEN';
export const COOKIE_VARIABLE = '$FINCODE_COOKIE';

/** POSIX single quoting: everything literal, a quote as '\''. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A credential header with its value as a shell variable, double-quoted so the shell expands it. */
function credentialArgument(name: string, value: string): string {
  const variable = name.toLowerCase() === 'cookie' ? COOKIE_VARIABLE : TOKEN_VARIABLE;
  const scheme = /^(proxy-)?authorization$/i.test(name) ? /^([A-Za-z][\w-]*)\s+\S/.exec(value)?.[1] : undefined;
  // Header names are HTTP tokens and schemes are words: nothing in them needs escaping in "…".
  return `"${name}: ${scheme ? `${scheme} ` : ''}${variable}"`;
}

function isText(body: Buffer): boolean {
  return !body.includes(0) && Buffer.from(body.toString('utf8'), 'utf8').equals(body);
}

/** printf %b octal escapes for every byte that is not plain printable ASCII. */
function printfBytes(body: Buffer): string {
  return [...body].map((byte) => (byte >= 0x20 && byte < 0x7f && byte !== 0x5c && byte !== 0x27 ? String.fromCharCode(byte) : `\\0${byte.toString(8).padStart(3, '0')}`)).join('');
}

/** `request` as a `curl` command; `bodyFile` (a single `< file` include) becomes `--data-binary @file`. */
export function toCurl(request: OutgoingRequest & { readonly bodyFile?: string }, options: CurlOptions = {}): string {
  const body = request.body;
  const hasBody = body !== undefined && body.length > 0;
  const defaultMethod = request.method === (hasBody ? 'POST' : 'GET');
  let first = `curl ${shellQuote(request.url)}`;
  if (request.method === 'HEAD') first = `curl --head ${shellQuote(request.url)}`;
  else if (!defaultMethod) first = `curl -X ${request.method} ${shellQuote(request.url)}`;
  // One option per line, as the FinCode docs write them.
  const lines = [first];
  for (const { name, value } of request.headers) {
    // curl computes the length itself; a stale one would break the request.
    if (name.toLowerCase() === 'content-length') continue;
    if (isCredentialHeader(name) && !options.includeCredentials) lines.push(`-H ${credentialArgument(name, value)}`);
    // `Name;` is curl's way to send an empty header (`Name:` would remove it).
    else lines.push(`-H ${shellQuote(value === '' ? `${name};` : `${name}: ${value}`)}`);
  }
  if (options.compressed) lines.push('--compressed');
  let stdin = '';
  if (hasBody) {
    if (request.bodyFile !== undefined) lines.push(`--data-binary ${shellQuote(`@${request.bodyFile}`)}`);
    else if (isText(body)) lines.push(`--data-raw ${shellQuote(body.toString('utf8'))}`);
    else {
      // Bytes a shell argument cannot hold (NUL) go through standard input.
      stdin = `printf '%b' ${shellQuote(printfBytes(body))} | `;
      lines.push('--data-binary @-');
    }
  }
  return stdin + lines.join(' \\\n  ');
}

// ---------------------------------------------------------------------------------------------
// Import

export interface CurlImport {
  /** The request as .http text (empty when nothing could be imported). */
  readonly httpText: string;
  readonly warnings: readonly string[];
}

const ANSI_C_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

interface Words {
  readonly words: string[];
  readonly warnings: string[];
}

/** Shell words of the first `curl …` command in `input` (pipes, `;` and `&&` separate commands). */
export function shellWords(input: string): Words {
  const commands: string[][] = [[]];
  const warnings: string[] = [];
  let word: string | undefined;
  const current = (): string[] => commands[commands.length - 1] as string[];
  const flush = (): void => {
    if (word !== undefined) current().push(word);
    word = undefined;
  };
  let i = 0;
  const text = input.replace(/\r\n?/g, '\n');
  while (i < text.length) {
    const char = text[i] as string;
    if (char === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (char === ' ' || char === '\t' || char === '\n') {
      flush();
      i++;
      continue;
    }
    if (char === '|' || char === ';' || char === '&') {
      flush();
      commands.push([]);
      i += text[i + 1] === char ? 2 : 1;
      continue;
    }
    if (char === '\\') {
      word = (word ?? '') + (text[i + 1] ?? '');
      i += 2;
      continue;
    }
    if (char === "'") {
      const end = text.indexOf("'", i + 1);
      if (end === -1) warnings.push('An opening quote (\') is never closed: the rest of the command was taken as quoted.');
      word = (word ?? '') + text.slice(i + 1, end === -1 ? undefined : end);
      i = end === -1 ? text.length : end + 1;
      continue;
    }
    if (char === '$' && text[i + 1] === "'") {
      const parsed = ansiC(text, i + 2);
      word = (word ?? '') + parsed.value;
      i = parsed.end;
      continue;
    }
    if (char === '"') {
      const parsed = doubleQuoted(text, i + 1);
      if (!parsed.closed) warnings.push('An opening quote (") is never closed: the rest of the command was taken as quoted.');
      word = (word ?? '') + parsed.value;
      i = parsed.end;
      continue;
    }
    word = (word ?? '') + char;
    i++;
  }
  flush();
  const nonEmpty = commands.filter((command) => command.length > 0);
  const curl = nonEmpty.find((command) => /^curl(\.exe)?$/i.test(basename(command[0] ?? '')));
  if (nonEmpty.length > 1) warnings.push('Only the curl command was imported; the other commands on the line were ignored.');
  return { words: curl ?? nonEmpty[0] ?? [], warnings };
}

function doubleQuoted(text: string, start: number): { value: string; end: number; closed: boolean } {
  let value = '';
  let i = start;
  while (i < text.length) {
    const char = text[i] as string;
    if (char === '"') return { value, end: i + 1, closed: true };
    if (char === '\\' && i + 1 < text.length) {
      const next = text[i + 1] as string;
      if (next === '\n') i += 2;
      else if ('$`"\\'.includes(next)) {
        value += next;
        i += 2;
      } else {
        value += char;
        i++;
      }
      continue;
    }
    value += char;
    i++;
  }
  return { value, end: i, closed: false };
}

function ansiC(text: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start;
  while (i < text.length && text[i] !== "'") {
    if (text[i] !== '\\') {
      value += text[i];
      i++;
      continue;
    }
    const next = text[i + 1] ?? '';
    const hex = /^x([0-9a-fA-F]{1,2})/.exec(text.slice(i + 1, i + 4));
    const unicode = /^(?:u([0-9a-fA-F]{1,4})|U([0-9a-fA-F]{1,8}))/.exec(text.slice(i + 1, i + 10));
    const octal = /^0?([0-7]{1,3})/.exec(text.slice(i + 1, i + 5));
    if (hex) {
      value += String.fromCharCode(parseInt(hex[1] ?? '0', 16));
      i += 1 + hex[0].length;
    } else if (unicode) {
      value += String.fromCodePoint(parseInt(unicode[1] ?? unicode[2] ?? '0', 16));
      i += 1 + unicode[0].length;
    } else if (octal && /[0-7]/.test(next)) {
      value += String.fromCharCode(parseInt(octal[1] ?? '0', 8));
      i += 1 + octal[0].length;
    } else {
      value += ANSI_C_ESCAPES[next] ?? `\\${next}`;
      i += 2;
    }
  }
  return { value, end: i + 1 };
}

/** Flags that take a value, by every spelling, mapped to one name. */
const VALUE_FLAGS: Readonly<Record<string, string>> = {
  '-X': 'request',
  '--request': 'request',
  '-H': 'header',
  '--header': 'header',
  '-d': 'data',
  '--data': 'data',
  '--data-ascii': 'data',
  '--data-raw': 'data-raw',
  '--data-binary': 'data-binary',
  '--data-urlencode': 'data-urlencode',
  '--json': 'json',
  '-F': 'form',
  '--form': 'form',
  '--form-string': 'form-string',
  '-u': 'user',
  '--user': 'user',
  '--oauth2-bearer': 'bearer',
  '--url': 'url',
  '-b': 'cookie',
  '--cookie': 'cookie',
  '-A': 'user-agent',
  '--user-agent': 'user-agent',
  '-e': 'referer',
  '--referer': 'referer',
};

/** Value flags that do not change the request: their value is skipped with a warning. */
const IGNORED_VALUE_FLAGS = new Set([
  '-o', '--output', '-m', '--max-time', '--connect-timeout', '--retry', '--retry-delay', '--retry-max-time', '-w', '--write-out',
  '-x', '--proxy', '--cacert', '--capath', '--cert', '-E', '--key', '--cert-type', '--key-type', '-c', '--cookie-jar', '-K', '--config',
  '--resolve', '--connect-to', '--interface', '--max-redirs', '--limit-rate', '-r', '--range', '-T', '--upload-file', '-y', '--speed-time',
  '-Y', '--speed-limit', '--keepalive-time', '--dns-servers', '-z', '--time-cond', '--trace', '--trace-ascii', '--stderr', '-D', '--dump-header',
]);

/** Flags about curl's output or transport that change nothing in the request. */
const QUIET_FLAGS = new Set([
  '-s', '--silent', '-S', '--show-error', '-v', '--verbose', '-i', '--include', '-f', '--fail', '--fail-with-body', '-#', '--progress-bar',
  '-N', '--no-buffer', '-g', '--globoff', '--http1.1', '--http2', '--http1.0', '--http2-prior-knowledge', '--path-as-is', '-4', '-6',
  '--ipv4', '--ipv6', '--no-keepalive', '--raw', '--tr-encoding', '-q', '--disable', '--no-progress-meter',
]);

const SWITCHES: Readonly<Record<string, string>> = {
  '-G': 'get',
  '--get': 'get',
  '-I': 'head',
  '--head': 'head',
  '--compressed': 'compressed',
  '-k': 'insecure',
  '--insecure': 'insecure',
  '-L': 'location',
  '--location': 'location',
};

interface Header {
  name: string;
  value: string;
}

interface Draft {
  method?: string;
  /** From --url. */
  url?: string;
  /** Words that are not options: the URL among them. */
  positionals: string[];
  headers: Header[];
  /** `-d` parts, `&`-joined; file parts are `< path` lines. */
  data: { text: string; file?: string }[];
  form: { field: string; literal: boolean }[];
  get: boolean;
  head: boolean;
  json: boolean;
  warnings: string[];
}

/** One option with its value (if it takes one) from the words, expanding `-sSL` and `-XPOST`. */
function* curlOptions(words: readonly string[], warnings: string[]): Generator<{ flag: string; value?: string } | { positional: string }> {
  for (let i = 1; i < words.length; i++) {
    const word = words[i] as string;
    if (word === '--') {
      for (const positional of words.slice(i + 1)) yield { positional };
      return;
    }
    if (!word.startsWith('-') || word === '-') {
      yield { positional: word };
      continue;
    }
    if (word.startsWith('--')) {
      const takesValue = word in VALUE_FLAGS || IGNORED_VALUE_FLAGS.has(word);
      if (takesValue && i + 1 >= words.length) warnings.push(`${word} has no value: ignored.`);
      yield takesValue ? { flag: word, value: words[++i] ?? '' } : { flag: word };
      continue;
    }
    for (let k = 1; k < word.length; k++) {
      const flag = `-${word[k]}`;
      if (!(flag in VALUE_FLAGS) && !IGNORED_VALUE_FLAGS.has(flag)) {
        yield { flag };
        continue;
      }
      const attached = word.slice(k + 1);
      yield { flag, value: attached !== '' ? attached : (words[++i] ?? '') };
      break;
    }
  }
}

function addData(draft: Draft, kind: string, value: string): void {
  if (kind === 'data-urlencode') {
    const named = /^([^=@]*)([=@])([\s\S]*)$/.exec(value);
    if (named?.[2] === '@') {
      draft.warnings.push(`--data-urlencode ${value}: URL-encoding a file's content is not imported.`);
      return;
    }
    draft.data.push({ text: named ? `${named[1] ? `${named[1]}=` : ''}${encodeURIComponent(named[3] ?? '')}` : encodeURIComponent(value) });
    return;
  }
  if (kind !== 'data-raw' && value.startsWith('@')) {
    const file = value.slice(1);
    if (file === '-') draft.warnings.push(`${kind === 'data-binary' ? '--data-binary' : '-d'} @-: the body read from standard input is not imported.`);
    else {
      if (kind !== 'data-binary') draft.warnings.push(`-d @${file}: curl strips line breaks from the file; the .http include sends it unchanged.`);
      draft.data.push({ text: '', file });
    }
    return;
  }
  draft.data.push({ text: value });
}

function addHeader(draft: Draft, value: string): void {
  if (value.startsWith('@')) {
    draft.warnings.push(`-H ${value}: headers read from a file are not imported.`);
    return;
  }
  const empty = /^([^:\s]+);$/.exec(value);
  if (empty?.[1]) {
    draft.headers.push({ name: empty[1], value: '' });
    return;
  }
  const colon = value.indexOf(':');
  const name = colon === -1 ? value.trim() : value.slice(0, colon).trim();
  const headerValue = colon === -1 ? '' : value.slice(colon + 1).trim();
  if (colon === -1 || name === '') draft.warnings.push(`-H ${value}: not a "Name: value" header, ignored.`);
  else if (headerValue === '') draft.warnings.push(`-H ${value}: curl removes this header; ignored.`);
  else draft.headers.push({ name, value: headerValue });
}

function apply(draft: Draft, flag: string, value: string | undefined): void {
  const kind = VALUE_FLAGS[flag];
  if (kind !== undefined && value !== undefined) return applyValue(draft, kind, flag, value);
  if (IGNORED_VALUE_FLAGS.has(flag)) {
    draft.warnings.push(`${flag}${value === undefined ? '' : ` ${value}`}: not part of the request, ignored.`);
    return;
  }
  if (QUIET_FLAGS.has(flag)) return;
  switch (SWITCHES[flag]) {
    case 'get':
      draft.get = true;
      return;
    case 'head':
      draft.head = true;
      return;
    case 'compressed':
      // curl --compressed asks for compression; the sender decodes gzip, deflate and br.
      draft.headers.push({ name: 'Accept-Encoding', value: 'gzip, deflate, br' });
      return;
    case 'insecure':
      draft.warnings.push(`${flag}: TLS certificate verification stays on; trust the server's CA in your system instead.`);
      return;
    case 'location':
      draft.warnings.push(`${flag}: redirects are followed only when the "follow redirects" setting is on.`);
      return;
    default:
      draft.warnings.push(`Unknown option ${flag}: ignored.`);
  }
}

function applyValue(draft: Draft, kind: string, flag: string, value: string): void {
  switch (kind) {
    case 'request':
      draft.method = value.toUpperCase();
      return;
    case 'header':
      return addHeader(draft, value);
    case 'data':
    case 'data-raw':
    case 'data-binary':
    case 'data-urlencode':
      return addData(draft, kind, value);
    case 'json':
      draft.json = true;
      return addData(draft, 'data-binary', value);
    case 'form':
    case 'form-string':
      draft.form.push({ field: value, literal: kind === 'form-string' });
      return;
    case 'user': {
      if (!value.includes(':')) draft.warnings.push(`${flag} ${value}: no password given (curl would prompt); an empty one is used.`);
      draft.headers.push({ name: 'Authorization', value: `Basic ${Buffer.from(value.includes(':') ? value : `${value}:`).toString('base64')}` });
      return;
    }
    case 'bearer':
      draft.headers.push({ name: 'Authorization', value: `Bearer ${value}` });
      return;
    case 'url':
      if (draft.url === undefined) draft.url = value;
      else draft.warnings.push(`A second --url (${value}) was ignored: one request is imported at a time.`);
      return;
    case 'cookie':
      if (value.includes('=')) draft.headers.push({ name: 'Cookie', value });
      else draft.warnings.push(`${flag} ${value}: reading cookies from a file is not imported.`);
      return;
    case 'user-agent':
      draft.headers.push({ name: 'User-Agent', value });
      return;
    case 'referer':
      draft.headers.push({ name: 'Referer', value });
      return;
  }
}

const LOOKS_LIKE_URL = /^(?:[a-z][a-z\d+.-]*:\/\/|\{\{|[\w-]+(?:\.[\w-]+)+(?::\d+)?(?:\/|$))/i;

/** --url, else the first word that looks like a URL (an unknown option's value may come first). */
function chooseUrl(draft: Draft): string | undefined {
  const url = draft.url ?? draft.positionals.find((word) => LOOKS_LIKE_URL.test(word)) ?? draft.positionals[0];
  for (const word of draft.positionals) {
    if (word !== url) draft.warnings.push(`The argument "${word}" was ignored (one URL is imported at a time).`);
  }
  return url;
}

const FORM_BOUNDARY = '----FinCodeFormBoundary';

/** `-F name=value`, `-F name=@file;type=…;filename=…`, `-F name=<file` as a multipart body. */
function formBody(fields: Draft['form'], warnings: string[]): string {
  const parts = fields.map(({ field, literal }) => {
    const equals = field.indexOf('=');
    if (equals === -1) {
      warnings.push(`-F ${field}: expected name=value, ignored.`);
      return '';
    }
    const name = field.slice(0, equals);
    const raw = field.slice(equals + 1);
    if (literal) return `--${FORM_BOUNDARY}\nContent-Disposition: form-data; name="${name}"\n\n${raw}\n`;
    const [value = '', ...params] = raw.split(';');
    const param = (key: string): string | undefined => params.map((p) => p.trim()).find((p) => p.startsWith(`${key}=`))?.slice(key.length + 1).replace(/^"|"$/g, '');
    const type = param('type');
    if (value.startsWith('@')) {
      const file = value.slice(1);
      const filename = param('filename') ?? basename(file);
      return `--${FORM_BOUNDARY}\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\n${type ? `Content-Type: ${type}\n` : ''}\n< ${file}\n`;
    }
    const content = value.startsWith('<') ? `< ${value.slice(1)}` : value;
    return `--${FORM_BOUNDARY}\nContent-Disposition: form-data; name="${name}"\n${type ? `Content-Type: ${type}\n` : ''}\n${content}\n`;
  });
  return `${parts.join('')}--${FORM_BOUNDARY}--`;
}

// The FinCode docs write the base URL with a placeholder host: the active environment supplies it.
const DOC_BASE_URL = /^https?:\/\/(?:\{[^}/]+\}|<[^>/]+>)\.fincode\.software(?:\/sandbox)?\/api\/v6\/services(?=\/|$)/i;
const PLACEHOLDER = /^(?:\$\{?\w+\}?|<[^<>]*>|\{[^{}]*\}|your[-_\w]*|[-_\w]*here)$/i;

function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value.replace(/^(Bearer|Basic|Token)\s+/i, '').trim());
}

/** Credentials and FinCode headers with placeholder values are dropped: the profile and settings inject them. */
function importedHeaders(headers: readonly Header[], warnings: string[]): Header[] {
  return headers.filter(({ name, value }) => {
    const lower = name.toLowerCase();
    if (lower === 'content-length') {
      warnings.push('Content-Length was dropped: it is computed from the body when sending.');
      return false;
    }
    const injected = isCredentialHeader(name) || lower === 'platform' || lower === 'uuid';
    if (injected && isPlaceholder(value)) {
      warnings.push(`${name}: the placeholder value was dropped; the active profile and settings supply this header.`);
      return false;
    }
    if (lower === 'cookie') warnings.push('Cookie is kept in the file as written: it may hold a session secret.');
    else if (isCredentialHeader(name)) warnings.push(`${name} carries a credential and is kept in the file as written; remove it to let the active profile's credential be sent instead.`);
    return true;
  });
}

function bodyLines(body: string, warnings: string[]): string {
  // A .http body starts at its first non-blank line and loses trailing blank lines anyway.
  const trimmed = body.replace(/^(?:[ \t]*\r?\n)+/, '').replace(/(?:\r?\n[ \t]*)+$/, '');
  if (/^###/m.test(trimmed)) warnings.push('The body has a line starting with ###, which a .http file reads as the start of the next request.');
  return trimmed;
}

function render(draft: Draft): string {
  const chosen = chooseUrl(draft);
  if (chosen === undefined) {
    draft.warnings.push('No URL found in the command.');
    return '';
  }
  const hasData = draft.data.length > 0;
  let url = chosen;
  if (DOC_BASE_URL.test(url)) {
    url = url.replace(DOC_BASE_URL, '{{baseUrl}}');
    draft.warnings.push('The placeholder host of the FinCode docs became {{baseUrl}}: the active environment supplies it.');
  }
  const dataText = draft.data.map((part) => (part.file === undefined ? part.text : `< ${part.file}`));
  if (draft.get && hasData) url += (url.includes('?') ? '&' : '?') + dataText.join('&');
  const method = draft.method ?? (draft.head ? 'HEAD' : (hasData && !draft.get) || draft.form.length > 0 ? 'POST' : 'GET');
  const headers = importedHeaders(draft.headers, draft.warnings);
  const has = (name: string): boolean => headers.some((header) => header.name.toLowerCase() === name);
  let body: string | undefined;
  if (draft.form.length > 0) {
    if (hasData) draft.warnings.push('Both -d and -F were given: only the -F form was imported.');
    if (!has('content-type')) headers.push({ name: 'Content-Type', value: `multipart/form-data; boundary=${FORM_BOUNDARY}` });
    body = formBody(draft.form, draft.warnings);
  } else if (hasData && !draft.get) {
    if (draft.data.some((part) => part.file !== undefined) && draft.data.length > 1) {
      draft.warnings.push('Data from files and inline data were combined: each is on its own line of the body.');
    }
    body = draft.data.every((part) => part.file === undefined) ? dataText.join('&') : dataText.join('\n');
    if (draft.json && !has('accept')) headers.push({ name: 'Accept', value: 'application/json' });
    if (!has('content-type')) headers.push({ name: 'Content-Type', value: draft.json ? 'application/json' : 'application/x-www-form-urlencoded' });
  }
  const lines = [`${method} ${url}`, ...headers.map(({ name, value }) => `${name}: ${value}`)];
  return body === undefined ? `${lines.join('\n')}\n` : `${lines.join('\n')}\n\n${bodyLines(body, draft.warnings)}\n`;
}

/** A `curl …` command as .http text. Never throws. */
export function fromCurl(command: string): CurlImport {
  const warnings: string[] = [];
  try {
    const { words, warnings: wordWarnings } = shellWords(command);
    warnings.push(...wordWarnings);
    if (!/^curl(\.exe)?$/i.test(basename(words[0] ?? ''))) {
      return { httpText: '', warnings: [...warnings, 'This is not a curl command (it must start with "curl").'] };
    }
    const draft: Draft = { positionals: [], headers: [], data: [], form: [], get: false, head: false, json: false, warnings };
    for (const option of curlOptions(words, warnings)) {
      if ('positional' in option) draft.positionals.push(option.positional);
      else apply(draft, option.flag, option.value);
    }
    return { httpText: render(draft), warnings };
  } catch (error) {
    return { httpText: '', warnings: [...warnings, `The command could not be imported: ${error instanceof Error ? error.message : String(error)}.`] };
  }
}
