// Which tests a parsed .http file holds: each sendable request with checks (`# @expect`, `??`
// lines, scripts shown as not run) and, for `# @expect`, one test per role or profile it names.
// Plain data, no 'vscode' import: tested in plain Node.
import { hasChecks } from '../../core/http/checks';
import { isSendable, type ParsedFile, type ParsedRequest } from '../../core/http/model';

export interface RoleTest {
  /** The role or profile name as `# @expect` writes it. */
  readonly role: string;
  /** 0-based line of the `# @expect` annotation. */
  readonly line: number;
}

export interface RequestTest {
  /** Stable while the request keeps its name (or its place and target, when it has none). */
  readonly key: string;
  readonly label: string;
  readonly index: number;
  readonly start: number;
  readonly end: number;
  readonly requestLine: number;
  readonly roles: readonly RoleTest[];
}

function requestKey(request: ParsedRequest, names: ReadonlyMap<string, number>): string {
  // A name used twice in a file cannot tell its requests apart: then the place does.
  return request.name !== undefined && names.get(request.name) === 1 ? `@${request.name}` : `#${request.index} ${request.method} ${request.url}`;
}

export function requestTests(file: ParsedFile): RequestTest[] {
  const names = new Map<string, number>();
  for (const request of file.requests) if (request.name !== undefined) names.set(request.name, (names.get(request.name) ?? 0) + 1);
  return file.requests
    .filter((request) => isSendable(request.method) && hasChecks(request))
    .map((request) => {
      const expectLine = request.metadata.find((entry) => entry.key === 'expect')?.line ?? request.range.requestLine;
      return {
        key: requestKey(request, names),
        label: request.title?.trim() || request.name || `${request.method} ${request.url}`,
        index: request.index,
        start: request.range.start,
        end: request.range.end,
        requestLine: request.range.requestLine,
        roles: Object.keys(request.annotations.expect ?? {}).map((role) => ({ role, line: expectLine })),
      };
    });
}
