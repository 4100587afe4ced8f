// Sending one parsed request: resolve its variables (sending the requests it chains on first),
// build the body as bytes, inject the FinCode headers and the credential for the environment's
// origin only, exchange over the shared undici dispatcher (decoded, capped body; a body that
// stalls is kept as far as it came, marked truncated), follow redirects only when asked, and
// return the response model. With a session credential, a 401 leads to one renewal and one
// retry of the identical bytes (the session's withAuth).
// Prompt variables are asked through the context's prompter while the request is built; a
// masked answer goes only on the wire: what is kept and shown (the response's request part, its
// body's echoes, error messages) holds a placeholder instead, and a prepared request (cURL) gets
// the placeholder without asking.
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve as resolvePath } from 'node:path';
import type { Dispatcher } from 'undici';
import type { Session } from '../auth/session';
import type { Environment } from '../fincode/environments';
import { CancelledError, FinCodeError, TimeoutError } from '../fincode/errors';
import {
  CROSS_ORIGIN_STRIPPED,
  DEFAULT_AUTH_HEADER_STYLE,
  DEFAULT_REQUIRED_HEADERS,
  JSON_CONTENT_TYPE,
  type AuthHeaderStyle,
  type RequiredHeaders,
} from '../fincode/headers';
import type { Connections } from '../net/connections';
import { readDecoded, type DecodedBody } from '../net/decode';
import { headerList, headerPairs, headerValue, withoutHeaders, type HeaderEntry, type OutgoingRequest } from '../net/headers';
import { DEFAULT_MAX_REDIRECTS, isRedirect, redirectRequest, RedirectError } from '../net/redirects';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUTS, exchange, isBodyTimeout, type Timeouts } from '../net/transport';
import { parseDotenv, type DotenvLookup } from './builtins';
import { isGraphQlRequest, splitGraphQlBody } from './graphQlBody';
import { credentialAllowed, injectHeaders, isEnvironmentOrigin } from './injection';
import { SENDABLE_METHODS, type BodySegment, type FileVariable, type ParsedBody, type ParsedRequest } from './model';
import { declaredPrompts, maskedPlaceholder, PromptUnavailableError, type Prompter, type PromptQuestion } from './prompts';
import { bodyText, reasonPhrase, redactedHeaders, type HttpResponse, type RedirectHop } from './response';
import { redactKnown } from '../redact';
import { assertHeaderValue, createResolver, UnresolvedVariableError, type Resolver } from './variables';

export type CredentialSource =
  | { readonly kind: 'session'; readonly session: Pick<Session, 'getAccessToken' | 'withAuth'> }
  | { readonly kind: 'apiToken'; readonly token: string }
  | { readonly kind: 'none' };

export interface SendSettings {
  readonly requiredHeaders: RequiredHeaders;
  readonly authStyle: AuthHeaderStyle;
  readonly timeouts: Partial<Timeouts>;
  /** Cap on the DECODED response body; the rest is not downloaded and `truncated` is set. */
  readonly maxResponseBytes: number;
  readonly followRedirects: boolean;
  readonly maxRedirects: number;
  /** A 401 is renewed and retried only for request bodies up to this size. */
  readonly maxRequestBytesForRetry: number;
}

export const DEFAULT_SEND_SETTINGS: SendSettings = {
  requiredHeaders: DEFAULT_REQUIRED_HEADERS,
  authStyle: DEFAULT_AUTH_HEADER_STYLE,
  timeouts: DEFAULT_TIMEOUTS,
  maxResponseBytes: DEFAULT_MAX_BODY_BYTES,
  followRedirects: false,
  maxRedirects: DEFAULT_MAX_REDIRECTS,
  maxRequestBytesForRetry: 10 * 1024 * 1024,
};

export interface SendContext {
  readonly environment: Environment;
  readonly credential: CredentialSource;
  readonly fileVariables?: readonly FileVariable[];
  /** The file's requests: a chained `{{login.response…}}` without a response sends `login` first. */
  readonly fileRequests?: readonly ParsedRequest[];
  readonly environmentVariables?: Readonly<Record<string, string>>;
  /** Absolute path of the .http file: `< ./file` includes and `.env` are found beside it. */
  readonly httpFilePath?: string;
  /** Its `.env` is read after the one beside the .http file. */
  readonly workspaceRoot?: string;
  readonly settings?: Partial<SendSettings>;
  readonly signal?: AbortSignal;
  /** Named requests' last responses; every sent request with a `@name` is recorded here. */
  readonly chain?: Map<string, HttpResponse>;
  /** Replaces the .env files for `{{$dotenv}}`. */
  readonly dotenv?: DotenvLookup;
  /** Default: process.env. */
  readonly processEnv?: Readonly<Record<string, string | undefined>>;
  /** The front end's pools and proxy (without them, each exchange opens and closes its own). */
  readonly connections?: Connections;
  readonly dispatcher?: Dispatcher;
  /** Asks for prompt variables; one per user action (a key is asked once). Without one, a prompt fails. */
  readonly prompter?: Prompter;
}

/** A request resolved and injected, ready for export (cURL). */
export interface PreparedRequest extends OutgoingRequest {
  readonly injected: readonly string[];
  /** The absolute path of the body file when the body is exactly one `< file` include. */
  readonly bodyFile?: string;
}

export class UnsupportedMethodError extends FinCodeError {
  override readonly name = 'UnsupportedMethodError';
  readonly code = 'validation';
  readonly advice = [`Use one of ${SENDABLE_METHODS.join(', ')}; GraphQL is sent as POST with the header X-REQUEST-TYPE: GraphQL`];
  constructor(readonly method: string) {
    super(`${method} requests are not supported for sending.`);
  }
}

/** The request cannot be built: unreadable include, invalid URL, bad GraphQL variables, chained requests in a cycle. */
export class RequestBuildError extends FinCodeError {
  override readonly name = 'RequestBuildError';
  readonly code = 'validation';
  readonly advice: readonly string[];
  constructor(
    message: string,
    readonly line?: number,
    advice: readonly string[] = [],
  ) {
    super(line === undefined ? message : `${message} (line ${line + 1})`);
    this.advice = advice;
  }
}

interface Run {
  readonly environment: Environment;
  readonly credential: CredentialSource;
  readonly fileVariables: readonly FileVariable[];
  readonly fileRequests: readonly ParsedRequest[];
  readonly environmentVariables: Readonly<Record<string, string>>;
  readonly httpFilePath?: string;
  readonly settings: SendSettings;
  readonly signal?: AbortSignal;
  readonly chain: Map<string, HttpResponse>;
  readonly dotenv: DotenvLookup;
  readonly processEnv: Readonly<Record<string, string | undefined>>;
  readonly connections?: Connections;
  readonly dispatcher?: Dispatcher;
  readonly prompter?: Prompter;
  /** Masked prompts get their placeholder without being asked (a prepared request is shown, not sent). */
  readonly placeholders: boolean;
}

interface Built {
  readonly request: OutgoingRequest;
  /** `request.url`, parsed once: validated here, then checked for the origin and sent. */
  readonly target: URL;
  readonly bodyFile?: string;
  /** The request as kept and shown, when a masked answer is in `request`: the placeholder instead. */
  readonly shown?: OutgoingRequest;
}

/** Sends `request` (and first any request it chains on) and records its response under its @name. */
export async function sendRequest(request: ParsedRequest, context: SendContext): Promise<HttpResponse> {
  const run = startRun(context);
  return hidingSecrets(run, send(request, run, []));
}

/**
 * Resolves and injects `request` without sending it (chained requests it needs are sent). A
 * masked prompt is not asked: its placeholder stands in the result.
 */
export async function prepareRequest(request: ParsedRequest, context: SendContext): Promise<PreparedRequest> {
  const run = startRun(context, true);
  return hidingSecrets(run, prepare(request, run));
}

async function prepare(request: ParsedRequest, run: Run): Promise<PreparedRequest> {
  assertSendable(request.method);
  await askDeclared(request, run);
  const built = await build(request, run, []);
  const toEnvironment = isEnvironmentOrigin(built.target, run.environment);
  const allowed = run.credential.kind !== 'none' && credentialAllowed(built.request, run.environment, request.annotations.noAuth, toEnvironment);
  const token = allowed ? await tokenOf(run.credential, run.signal) : undefined;
  const { headers, injected } = injectHeaders(built.request, run.environment, run.settings, token, toEnvironment);
  return { ...built.request, headers, injected, ...(built.bodyFile === undefined ? {} : { bodyFile: built.bodyFile }) };
}

/**
 * Replaces the variables of a check's expected text (`?? body $.id == {{id}}`) in the scope the
 * request itself is resolved in, with the chain as it is when called.
 */
export function textResolver(context: SendContext): (text: string) => string {
  const resolver = resolverFor(startRun(context));
  return (text) => {
    const resolved = resolver.resolve(text, { line: 0, column: 0 });
    const unanswered = resolver.asks.keys().next();
    if (!unanswered.done) throw new PromptUnavailableError(unanswered.value);
    return resolved;
  };
}

function startRun(context: SendContext, placeholders = false): Run {
  return {
    environment: context.environment,
    credential: context.credential,
    fileVariables: context.fileVariables ?? [],
    fileRequests: context.fileRequests ?? [],
    environmentVariables: context.environmentVariables ?? {},
    httpFilePath: context.httpFilePath,
    settings: context.settings === undefined ? DEFAULT_SEND_SETTINGS : { ...DEFAULT_SEND_SETTINGS, ...context.settings },
    signal: context.signal,
    chain: context.chain ?? new Map(),
    dotenv: context.dotenv ?? lazyDotenv(context.httpFilePath, context.workspaceRoot),
    processEnv: context.processEnv ?? process.env,
    connections: context.connections,
    dispatcher: context.dispatcher,
    prompter: context.prompter,
    placeholders,
  };
}

/**
 * The first file that defines a name wins; missing or unreadable files define nothing. The files
 * are read on the first `{{$dotenv}}` only: most requests never use one, and every send would
 * otherwise pay for two file reads.
 */
function lazyDotenv(httpFilePath: string | undefined, workspaceRoot: string | undefined): DotenvLookup {
  let parsed: Record<string, string>[] | undefined;
  const read = (file: string): Record<string, string> => {
    try {
      return parseDotenv(readFileSync(file, 'utf8'));
    } catch {
      return {};
    }
  };
  return (name) => {
    if (parsed === undefined) {
      const files = [httpFilePath && join(dirname(httpFilePath), '.env'), workspaceRoot && join(workspaceRoot, '.env')].filter((file): file is string => Boolean(file));
      parsed = [...new Set(files)].map(read);
    }
    return parsed.find((values) => Object.hasOwn(values, name))?.[name];
  };
}

function assertSendable(method: string): void {
  if (!(SENDABLE_METHODS as readonly string[]).includes(method)) throw new UnsupportedMethodError(method);
}

function requestLabel(request: ParsedRequest): string {
  return request.name ?? `request ${request.index + 1}`;
}

/** `outer`: the requests being sent that (transitively) wait for this one. */
async function send(request: ParsedRequest, run: Run, outer: readonly string[]): Promise<HttpResponse> {
  assertSendable(request.method);
  await askDeclared(request, run);
  const built = await withShown(request, run, await build(request, run, outer));
  const response = withoutSecrets(await deliver(built, request.annotations.noAuth, run), secretsOf(run));
  if (request.name !== undefined) run.chain.set(request.name, response);
  return response;
}

/**
 * `request` resolved with the answers given so far: the request's `# @prompt` names, and the
 * `{{$input …}}`-like prompts. `shown`: the masked answers as their placeholder.
 */
function resolverFor(run: Run, request?: ParsedRequest, shown = false): Resolver {
  const hide = shown || run.placeholders;
  const promptAnswer = (question: PromptQuestion): string | undefined => (question.masked && hide ? maskedPlaceholder(question.key) : run.prompter?.known(question));
  const declared = request ? declaredPrompts(request) : [];
  return createResolver({
    fileVariables: run.fileVariables,
    environmentVariables: run.environmentVariables,
    chain: run.chain,
    baseUrl: run.environment.baseUrl,
    processEnv: run.processEnv,
    dotenv: run.dotenv,
    promptAnswer,
    ...(declared.length === 0 ? {} : { promptedVariables: new Map(declared.map((question) => [question.key, promptAnswer(question) ?? ''])) }),
  });
}

/** REST Client: every `# @prompt` of the request is asked before anything else, used or not. */
async function askDeclared(request: ParsedRequest, run: Run): Promise<void> {
  const declared = declaredPrompts(request);
  if (declared.length > 0) await askAll(declared, run);
}

async function askAll(questions: Iterable<PromptQuestion>, run: Run): Promise<void> {
  for (const question of questions) {
    if (question.masked && run.placeholders) continue;
    if (!run.prompter) throw new PromptUnavailableError(question.key);
    await run.prompter.answer(question, run.signal);
  }
}

function secretsOf(run: Run): readonly string[] {
  return run.prompter?.secrets() ?? [];
}

/** `built` with the request as it may be kept and shown, when a masked answer went into it. */
async function withShown(request: ParsedRequest, run: Run, built: Built): Promise<Built> {
  const secrets = secretsOf(run);
  if (secrets.length === 0) return built;
  let shown: OutgoingRequest;
  try {
    shown = (await buildWith(request, resolverFor(run, request, true), run)).request;
  } catch {
    // The placeholder made it unbuildable (e.g. in a host name): mask the values themselves.
    const { request: sent } = built;
    const headers = sent.headers.map((header) => ({ name: header.name, value: redactKnown(header.value, secrets) }));
    shown = { ...sent, url: redactKnown(sent.url, secrets), headers, ...(sent.body ? { body: Buffer.from(redactKnown(sent.body.toString('utf8'), secrets)) } : {}) };
  }
  return { ...built, shown };
}

/** A response (or an error) with every masked answer that came back in it masked. */
function withoutSecrets(response: HttpResponse, secrets: readonly string[]): HttpResponse {
  if (secrets.length === 0) return response;
  const hide = (text: string): string => redactKnown(text, secrets);
  const text = hide(response.text);
  return {
    ...response,
    ...(text === response.text ? {} : { text, body: Buffer.from(text) }),
    url: hide(response.url),
    redirects: response.redirects.map((hop) => ({ ...hop, url: hide(hop.url) })),
    notes: response.notes.map(hide),
  };
}

async function hidingSecrets<T>(run: Run, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const secrets = secretsOf(run);
    if (error instanceof Error && secrets.length > 0) {
      error.message = redactKnown(error.message, secrets);
      // The stack was written with the first message: logs print it.
      if (error.stack !== undefined) error.stack = redactKnown(error.stack, secrets);
    }
    throw error;
  }
}

/**
 * Resolves until no prompt is unanswered and no chained request is missing, asking and sending
 * in between. Built at once (no promise) in the common case: no include to read, nothing to ask
 * and no chained request missing. `outer`: the requests being sent that (transitively) wait for this one.
 */
function build(request: ParsedRequest, run: Run, outer: readonly string[]): Built | Promise<Built> {
  const resolver = resolverFor(run, request);
  const built = attempt(request, resolver, run);
  if (built !== undefined && !(built instanceof Promise) && resolver.needs.size === 0 && resolver.asks.size === 0) return built;
  return buildPending(request, run, [...outer, requestLabel(request)], resolver, built);
}

/**
 * One build; undefined when it failed while a prompt had no answer yet: the prompt stood as "",
 * so the failure may be its consequence (an empty host); it is built again once answered.
 */
function attempt(request: ParsedRequest, resolver: Resolver, run: Run): Built | Promise<Built | undefined> | undefined {
  const excused = (error: unknown): undefined => {
    if (resolver.asks.size === 0) throw error;
    return undefined;
  };
  try {
    const built = buildWith(request, resolver, run);
    return built instanceof Promise ? built.catch(excused) : built;
  } catch (error) {
    return excused(error);
  }
}

/** `sending`: the requests being sent, this one last. */
async function buildPending(request: ParsedRequest, run: Run, sending: readonly string[], first: Resolver, firstBuilt: ReturnType<typeof attempt>): Promise<Built> {
  const sent = new Set<string>();
  let resolver = first;
  let built = await firstBuilt;
  for (;;) {
    if (built !== undefined && resolver.needs.size === 0 && resolver.asks.size === 0) return built;
    await askAll(resolver.asks.values(), run);
    for (const [name, need] of resolver.needs) {
      if (sending.includes(name) || sent.has(name)) {
        throw new RequestBuildError(`The requests ${[...sending, name].join(' → ')} depend on each other's responses.`, need.at.line, [
          'Send one of them on its own first, or remove the cycle',
        ]);
      }
      const dependency = run.fileRequests.find((candidate) => candidate.name === name);
      if (!dependency) throw new UnresolvedVariableError(need.reference, need.at.line, need.at.column, `no request named "${name}" in this file`);
      await send(dependency, run, sending);
      sent.add(name);
    }
    resolver = resolverFor(run, request);
    built = await attempt(request, resolver, run);
  }
}

function buildWith(request: ParsedRequest, resolver: Resolver, run: Run): Built | Promise<Built> {
  const line = request.range.requestLine;
  // Columns assume `METHOD url` and `Name: value`: the model keeps lines, not value columns.
  const url = resolver.resolve(request.url, { line, column: request.method.length + 1 }, URL_OPTIONS);
  const target = httpUrl(url, line);
  const graphQl = isGraphQlRequest(request);
  const written = graphQl ? request.headers.filter((header) => header.name.toLowerCase() !== 'x-request-type') : request.headers;
  const resolved = written.map((header) => ({
    name: header.name,
    value: header.value.includes('{{')
      ? resolver.resolve(header.value, { line: header.line, column: header.name.length + 2 }, { singleLine: `header "${header.name}"` })
      : header.value,
  }));
  // A GraphQL request is sent as a JSON envelope, whatever type was written.
  const headers = graphQl ? [...withoutHeaders(resolved, ['content-type']), { name: 'Content-Type', value: JSON_CONTENT_TYPE }] : resolved;
  const parsedBody = request.body;
  if (!parsedBody) return { request: { method: request.method, url, headers }, target };
  const withBody = (body: Buffer): Built => {
    const only = parsedBody.segments.length === 1 ? parsedBody.segments[0] : undefined;
    const bodyFile = only?.kind === 'file' && !only.processVariables ? includePath(only, run) : undefined;
    return { request: { method: request.method, url, headers, body }, target, ...(bodyFile === undefined ? {} : { bodyFile }) };
  };
  const body = buildBody(parsedBody, bodyMode(headers, graphQl), resolver, bodyStartLine(request), run);
  return body instanceof Promise ? body.then(withBody) : withBody(body);
}

const URL_OPTIONS = { singleLine: 'the URL' } as const;

/** `url` parsed, or a RequestBuildError when it is not an absolute http(s) URL. */
function httpUrl(url: string, line: number): URL {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed?.protocol !== 'http:' && parsed?.protocol !== 'https:') {
    throw new RequestBuildError(`"${url}" is not an absolute http(s) URL.`, line, ['Start the URL with {{baseUrl}}/ or https://']);
  }
  return parsed;
}

type BodyMode = 'graphql' | 'form' | 'multipart' | 'raw';

function bodyMode(headers: readonly HeaderEntry[], graphQl: boolean): BodyMode {
  if (graphQl) return 'graphql';
  const type = (headerValue(headers, 'content-type') ?? '').trim().toLowerCase();
  if (type.startsWith('application/x-www-form-urlencoded')) return 'form';
  if (type.startsWith('multipart/')) return 'multipart';
  return 'raw';
}

function newlines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count += 1;
  return count;
}

/** The model has no body line: exact when the body has an include, else right after the blank line. */
function bodyStartLine(request: ParsedRequest): number {
  const segments = request.body?.segments ?? [];
  const firstFile = segments.findIndex((segment) => segment.kind === 'file');
  const file = segments[firstFile];
  if (file?.kind === 'file') {
    return file.line - segments.slice(0, firstFile).reduce((sum, segment) => sum + (segment.kind === 'text' ? newlines(segment.text) : 0), 0);
  }
  const lastHeader = request.headers.at(-1);
  return (lastHeader?.line ?? request.range.requestLine) + 2;
}

/** The body's bytes; at once (no promise) when it has no `< file` include to read. */
function buildBody(body: ParsedBody, mode: BodyMode, resolver: Resolver, startLine: number, run: Run): Buffer | Promise<Buffer> {
  if (body.segments.some((segment) => segment.kind === 'file')) return buildBodyWithIncludes(body, mode, resolver, startLine, run);
  const parts: Buffer[] = [];
  let line = startLine;
  for (const segment of body.segments) {
    if (segment.kind !== 'text') continue;
    parts.push(textPart(segment.text, mode, resolver, line));
    line += newlines(segment.text);
  }
  return bodyBytes(parts, mode, startLine);
}

async function buildBodyWithIncludes(body: ParsedBody, mode: BodyMode, resolver: Resolver, startLine: number, run: Run): Promise<Buffer> {
  const parts: Buffer[] = [];
  let line = startLine;
  for (const segment of body.segments) {
    if (segment.kind === 'file') {
      parts.push(await include(segment, resolver, run));
      line = segment.line;
      continue;
    }
    parts.push(textPart(segment.text, mode, resolver, line));
    line += newlines(segment.text);
  }
  return bodyBytes(parts, mode, startLine);
}

function textPart(written: string, mode: BodyMode, resolver: Resolver, line: number): Buffer {
  const text = resolver.resolve(written, { line, column: 0 });
  // multipart/form-data delimits parts with CRLF; the parser joined lines with LF.
  return Buffer.from(mode === 'multipart' ? text.replace(/\r?\n/g, '\r\n') : text);
}

function bodyBytes(parts: Buffer[], mode: BodyMode, startLine: number): Buffer {
  const bytes = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
  if (mode === 'form') return Buffer.from(joinFormLines(bytes.toString('utf8')));
  if (mode === 'graphql') return Buffer.from(graphQlEnvelope(bytes.toString('utf8'), startLine));
  return bytes;
}

/** REST Client's form bodies: one `key=value` per line, `&`-prefixed continuation lines or not. */
export function joinFormLines(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .reduce((joined, line) => (joined === '' || joined.endsWith('&') || line.startsWith('&') ? joined + line : `${joined}&${line}`), '');
}

function graphQlEnvelope(text: string, line: number): string {
  const { query, variables } = splitGraphQlBody(text);
  if (variables === undefined) return JSON.stringify({ query });
  try {
    return JSON.stringify({ query, variables: JSON.parse(variables) as unknown });
  } catch {
    throw new RequestBuildError('The GraphQL variables (after the blank line under the query) are not valid JSON.', line);
  }
}

function includePath(segment: Extract<BodySegment, { kind: 'file' }>, run: Run): string {
  if (isAbsolute(segment.path)) return segment.path;
  if (run.httpFilePath === undefined) {
    throw new RequestBuildError(`The body file ${segment.path} is relative, but the .http file has no path.`, segment.line, ['Save the .http file first']);
  }
  return resolvePath(dirname(run.httpFilePath), segment.path);
}

async function include(segment: Extract<BodySegment, { kind: 'file' }>, resolver: Resolver, run: Run): Promise<Buffer> {
  const path = includePath(segment, run);
  let bytes: Buffer;
  try {
    bytes = await readFile(path, run.signal ? { signal: run.signal } : {});
  } catch (error) {
    if (run.signal?.aborted) throw new CancelledError();
    const code = (error as { code?: unknown }).code;
    throw new RequestBuildError(`Cannot read the body file ${segment.path}${typeof code === 'string' ? ` (${code})` : ''}.`, segment.line);
  }
  if (!segment.processVariables) return bytes;
  let text: string;
  try {
    text = new TextDecoder(segment.encoding ?? 'utf-8').decode(bytes);
  } catch {
    throw new RequestBuildError(`Unknown encoding "${segment.encoding ?? ''}" for the body file ${segment.path}.`, segment.line);
  }
  return Buffer.from(resolver.resolve(text, { line: segment.line, column: 0 }, { pinned: true }));
}

async function tokenOf(credential: Exclude<CredentialSource, { kind: 'none' }>, signal: AbortSignal | undefined): Promise<string> {
  return credential.kind === 'apiToken' ? credential.token : credential.session.getAccessToken(signal);
}

function deliver(built: Built, noAuth: boolean, run: Run): Promise<HttpResponse> {
  const { credential } = run;
  const { request } = built;
  const toEnvironment = isEnvironmentOrigin(built.target, run.environment);
  const exchangeWith = (token: string | undefined): Promise<HttpResponse> => exchangeAll(built, toEnvironment, token, run);
  if (credential.kind === 'none' || !credentialAllowed(request, run.environment, noAuth, toEnvironment)) return exchangeWith(undefined);
  if (credential.kind === 'apiToken') return exchangeWith(credential.token);
  const size = request.body?.length ?? 0;
  if (size <= run.settings.maxRequestBytesForRetry) {
    return credential.session.withAuth(exchangeWith, run.signal);
  }
  return deliverWithoutRetry(credential.session, size, exchangeWith, run);
}

async function deliverWithoutRetry(
  session: Pick<Session, 'getAccessToken'>,
  size: number,
  exchangeWith: (token: string | undefined) => Promise<HttpResponse>,
  run: Run,
): Promise<HttpResponse> {
  const response = await exchangeWith(await session.getAccessToken(run.signal));
  if (response.status !== 401) return response;
  const note = `Not retried after the 401: the request body (${size} bytes) is larger than the ${run.settings.maxRequestBytesForRetry}-byte retry limit. Refresh the token and send again.`;
  return { ...response, notes: [...response.notes, note] };
}

/**
 * A body that stopped arriving (the body timeout) is kept, marked truncated, with a note: what
 * arrived may be what the user needs to see. Any other failure while reading (a reset, a cancel,
 * the total deadline) fails the send.
 */
function keepStalled(body: DecodedBody): DecodedBody {
  if (body.interrupted !== undefined && !isBodyTimeout(body.interrupted)) throw body.interrupted;
  return body;
}

function stalledNote(bytes: number, timeouts: Partial<Timeouts>): string {
  return `${new TimeoutError('body', timeouts.bodyMs ?? DEFAULT_TIMEOUTS.bodyMs).message} Showing the ${bytes} bytes that arrived: the body is incomplete.`;
}

function joined(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/** One send with `token` (or none): injection, then the exchange and any followed redirects. */
async function exchangeAll(built: Built, toEnvironment: boolean, token: string | undefined, run: Run): Promise<HttpResponse> {
  const { request } = built;
  const { headers, injected } = injectHeaders(request, run.environment, run.settings, token, toEnvironment);
  for (const header of headers) assertHeaderValue(header.name, header.value);
  const shown = built.shown ?? request;
  const shownHeaders = built.shown ? injectHeaders(built.shown, run.environment, run.settings, token, toEnvironment).headers : headers;
  const started = performance.now();
  const redirects: RedirectHop[] = [];
  let current: OutgoingRequest = { ...request, headers };
  for (;;) {
    const hopStarted = performance.now();
    const hop = await exchange(
      {
        // The first hop goes to the URL parsed when the request was built.
        url: redirects.length === 0 ? built.target : current.url,
        method: current.method,
        headers: headerPairs(current.headers),
        body: current.body,
        signal: run.signal,
        timeouts: run.settings.timeouts,
        connections: run.connections,
        dispatcher: run.dispatcher,
      },
      ({ headers: received, body }) => readDecoded(body, joined(received['content-encoding']), run.settings.maxResponseBytes).then(keepStalled),
    );
    const location = joined(hop.headers.location);
    if (!run.settings.followRedirects || !isRedirect(hop.status) || location === undefined) {
      const contentType = joined(hop.headers['content-type']);
      const { result } = hop;
      return {
        status: hop.status,
        reason: reasonPhrase(hop.status),
        httpVersion: hop.httpVersion,
        headers: headerList(hop.headers),
        body: result.body,
        text: bodyText(result.body, contentType),
        ...(contentType === undefined ? {} : { contentType }),
        size: { decodedBytes: result.body.length, rawBytes: result.rawBytes },
        truncated: result.truncated,
        ...(result.interrupted === undefined ? {} : { stalled: true as const }),
        encoding: { codings: result.codings, decoded: result.decoded, ...(result.problem === undefined ? {} : { problem: result.problem }) },
        timings: { totalMs: performance.now() - started, ttfbMs: hopStarted - started + hop.headersMs },
        url: redirects.length === 0 ? shown.url : current.url,
        redirects,
        method: request.method,
        requestUrl: shown.url,
        requestHeaders: redactedHeaders(shownHeaders),
        ...(shown.body === undefined ? {} : { requestBody: shown.body }),
        injectedHeaders: injected,
        notes: result.interrupted === undefined ? [] : [stalledNote(result.body.length, run.settings.timeouts)],
      };
    }
    if (redirects.length >= run.settings.maxRedirects) {
      // The host only: a Location's path or query may carry secrets.
      const host = new URL(current.url).host;
      throw new RedirectError(`Stopped after ${run.settings.maxRedirects} redirects (the last from ${host}).`, ['Check the URL; the server may redirect in a loop'], hop.status);
    }
    redirects.push({ url: redirects.length === 0 ? shown.url : current.url, status: hop.status });
    current = redirectRequest(current, hop.status, location, [...CROSS_ORIGIN_STRIPPED, ...injected]);
  }
}
