// Running a file's checks: each request that has checks, in file order, as every profile its
// `# @expect` names (one step of runMatrix: the profiles go out together, bounded), or once as
// the profile it names with `# @profile` / `# @role`, else the first profile. A role `# @expect`
// names that no profile has is reported as skipped, never dropped. The front end sends (and keeps
// each profile's chain); this module plans, checks and reports.
import { checksOfRun, checksWithoutResponse, hasChecks, type CheckResult } from './checks';
import { expectedFor, runMatrix, type MatrixProfile } from './matrix';
import type { ParsedRequest } from './model';
import { chooseProfile } from './profileChoice';
import type { HttpResponse } from './response';
import type { RequestRun } from './testReport';
import { ResponseTooLargeError, TimeoutError } from '../errors';

export interface CheckRunOptions<P extends MatrixProfile> {
  /** Empty: every request is sent once without a profile (the front end's own credential). */
  readonly profiles: readonly P[];
  readonly concurrency: number;
  /** Stop after the first request with a failed or errored check. */
  readonly bail: boolean;
  readonly send: (request: ParsedRequest, profile: P | undefined) => Promise<HttpResponse>;
  /** Replaces variables in a `??` line's expected text, with the profile's own chain. */
  readonly resolver: (profile: P | undefined) => (text: string) => string;
  /** A failure as user text, in the front end's words. */
  readonly describeError: (error: unknown) => string;
  /** Where a profile list comes from, for messages: "profiles.json". */
  readonly profilesSource: string;
  readonly maxResponseBytes: number;
  readonly bodyTimeoutMs: number;
  /** Called as each request's runs are done (progress). */
  readonly onRequest?: (request: ParsedRequest, runs: readonly RequestRun[]) => void;
}

export interface FileCheckRun {
  readonly runs: readonly RequestRun[];
  /** True when --bail stopped the run before the file's last checked request. */
  readonly stopped: boolean;
}

/** A request with `# @expect` but no profile to send it as (front ends check for this first). */
export class NoProfilesError extends Error {
  override readonly name = 'NoProfilesError';
}

function label(request: ParsedRequest): string {
  return request.name ?? request.title ?? `${request.method} ${request.url}`;
}

function baseRun(request: ParsedRequest, profile: MatrixProfile | undefined): Omit<RequestRun, 'checks' | 'elapsedMs'> {
  return { request: label(request), line: request.range.requestLine, method: request.method, url: request.url, ...(profile ? { profile: profile.name, role: profile.role } : {}) };
}

/** A body that is not whole fails (cut at the size limit) or errors (stopped arriving): its checks read a part. */
function incompleteBody<P extends MatrixProfile>(request: ParsedRequest, response: HttpResponse, options: CheckRunOptions<P>): CheckResult[] {
  if (!response.truncated) return [];
  const name = 'response body complete';
  const line = request.range.requestLine;
  if (response.stalled) return [{ name, line, status: 'errored', message: options.describeError(new TimeoutError('body', options.bodyTimeoutMs)) }];
  return [{ name, line, status: 'failed', expected: `at most ${options.maxResponseBytes} bytes`, actual: 'cut at the limit', message: options.describeError(new ResponseTooLargeError(options.maxResponseBytes)) }];
}

/** The profiles to send `request` as, and the `# @expect` keys no profile answers to. */
function targets<P extends MatrixProfile>(request: ParsedRequest, options: CheckRunOptions<P>): { lanes: (P | undefined)[]; missing: string[]; problem?: string } {
  const { expect } = request.annotations;
  const { profiles } = options;
  if (expect === undefined) {
    if (profiles.length === 0) return { lanes: [undefined], missing: [] };
    const choice = chooseProfile(profiles, request.annotations, profiles[0]);
    return 'problem' in choice ? { lanes: [], missing: [], problem: choice.problem } : { lanes: [choice.profile], missing: [] };
  }
  if (profiles.length === 0) throw new NoProfilesError(`line ${request.range.requestLine + 1} (${label(request)}) has # @expect: give the profiles to send it as with --profiles`);
  const lanes = profiles.filter((profile) => expectedFor(profile, expect) !== undefined);
  const missing = Object.keys(expect).filter((key) => !profiles.some((p) => p.name === key || p.role === key || p.role === key.toUpperCase()));
  return { lanes, missing };
}

async function runRequest<P extends MatrixProfile>(request: ParsedRequest, options: CheckRunOptions<P>): Promise<RequestRun[]> {
  const { lanes, missing, problem } = targets(request, options);
  if (problem !== undefined) return [{ ...baseRun(request, undefined), elapsedMs: 0, checks: checksWithoutResponse(request, undefined, problem) }];
  const expect = request.annotations.expect;
  const responses = new Map<number, HttpResponse>();
  const indexed = lanes.map((profile, index) => ({ index, profile, name: profile?.name ?? '', role: profile?.role ?? '' }));
  const cells = await runMatrix(
    indexed,
    async (lane) => {
      const response = await options.send(request, lane.profile);
      responses.set(lane.index, response);
      return { status: response.status, elapsedMs: response.timings.totalMs, size: response.size.decodedBytes };
    },
    { concurrency: options.concurrency, describeError: options.describeError },
  );
  const runs = cells.map((cell, index): RequestRun => {
    const profile = lanes[index];
    const response = responses.get(index);
    if (!response) return { ...baseRun(request, profile), elapsedMs: 0, checks: checksOfRun(request, profile, { error: cell.error ?? 'no response' }) };
    const checks = checksOfRun(request, profile, { response }, options.resolver(profile), options.describeError);
    return { ...baseRun(request, profile), status: response.status, elapsedMs: response.timings.totalMs, checks: [...checks, ...incompleteBody(request, response, options)] };
  });
  const skipped = missing.map((key): RequestRun => ({
    ...baseRun(request, undefined),
    role: key,
    elapsedMs: 0,
    checks: [{ name: `status == ${String(expect?.[key])} (# @expect)`, line: request.range.requestLine, status: 'skipped', message: `not run: no profile in ${options.profilesSource} has the name or role ${key}` }],
  }));
  return [...runs, ...skipped];
}

/** Every checked request of `requests`, as described above. A run that throws while checking errors. */
export async function runFileChecks<P extends MatrixProfile>(requests: readonly ParsedRequest[], options: CheckRunOptions<P>): Promise<FileCheckRun> {
  const runs: RequestRun[] = [];
  const checked = requests.filter(hasChecks);
  for (const [at, request] of checked.entries()) {
    const done = await runRequest(request, options);
    runs.push(...done);
    options.onRequest?.(request, done);
    const bad = done.some((run) => run.checks.some((check) => check.status === 'failed' || check.status === 'errored'));
    if (options.bail && bad) return { runs, stopped: at < checked.length - 1 };
  }
  return { runs, stopped: false };
}
