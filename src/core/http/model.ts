// What the .http parser produces and the rest of the engine consumes. Everything here is raw
// text from the file: variables are resolved later, at send time. Lines are 0-based.

export interface Diagnostic {
  readonly line: number;
  readonly column: number;
  readonly endColumn?: number;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
}

export interface ParsedHeader {
  readonly name: string;
  readonly value: string;
  readonly line: number;
}

/** A body is text with optional file includes (`< ./file`, `<@ ./file`), in file order. */
export type BodySegment =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'file';
      /** As written, relative to the .http file. */
      readonly path: string;
      /** `<@`: variables inside the file are processed. */
      readonly processVariables: boolean;
      readonly encoding?: string;
      readonly line: number;
    };

export interface ParsedBody {
  /** The body exactly as written between the headers and the end of the request (trailing blank lines trimmed). */
  readonly raw: string;
  readonly segments: readonly BodySegment[];
}

export interface MetadataEntry {
  readonly key: string;
  readonly value: string;
  readonly line: number;
}

/** Our own annotations, in the same comment syntax as `# @name`. */
export interface FinCodeAnnotations {
  /** `# @profile NAME` */
  readonly profile?: string;
  /** `# @role ROLE` */
  readonly role?: string;
  /** `# @no-auth` */
  readonly noAuth: boolean;
  /** `# @expect MANAGER=200 AGENT=200 CASHIER=403 CUSTOMER=403` — role (or profile name) → status. */
  readonly expect?: Readonly<Record<string, number>>;
}

export interface RequestRange {
  /** First line of the request block: its `###` separator, title or metadata. */
  readonly start: number;
  /** The request line (`METHOD URL`). */
  readonly requestLine: number;
  /** Last line of the request block, inclusive. */
  readonly end: number;
}

export const SENDABLE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT'] as const;

const SENDABLE: ReadonlySet<string> = new Set(SENDABLE_METHODS);

/** GRAPHQL, WS, GRPC… are parsed but not sent. */
export function isSendable(method: string): boolean {
  return SENDABLE.has(method.toUpperCase());
}

export interface ParsedRequest {
  /** Position in the file, 0-based. */
  readonly index: number;
  /** `# @name X` (or `### @name x` on the separator line). */
  readonly name?: string;
  /** Text after `###` on the separator line. */
  readonly title?: string;
  /** Upper case; GRAPHQL, WS, GRPC… are parsed but not sendable. */
  readonly method: string;
  /** Raw URL: continuation and `?`/`&` query lines joined, variables unresolved. */
  readonly url: string;
  readonly httpVersion?: string;
  readonly headers: readonly ParsedHeader[];
  readonly body?: ParsedBody;
  /** Every `# @key value` line kept, ours included. */
  readonly metadata: readonly MetadataEntry[];
  readonly annotations: FinCodeAnnotations;
  readonly range: RequestRange;
}

export interface FileVariable {
  readonly name: string;
  readonly value: string;
  readonly line: number;
}

export interface ParsedFile {
  readonly requests: readonly ParsedRequest[];
  /** `@name = value` lines, in file order (anywhere in the file). */
  readonly variables: readonly FileVariable[];
  readonly diagnostics: readonly Diagnostic[];
  readonly lineCount: number;
}
