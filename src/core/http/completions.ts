// What to complete and what to show on hover in a .http file, decided from the line's text and the
// cursor column alone (pure; the vscode providers only map the result). Completes FinCode paths
// after `{{baseUrl}}/`, our `# @` annotations, role names after `# @role ` and in `# @expect `,
// and variable names inside `{{` (the prompt variables once a `$` is typed, and the request's
// `# @prompt` names).
import { ENDPOINTS, endpointForPath, endpointsAtPath, relativePath, type FinCodeEndpoint } from '../fincode/endpoints';
import { ROLES } from '../fincode/roles';
import { SENDABLE_METHODS } from './model';

export type CompletionKind = 'path' | 'annotation' | 'role' | 'variable';

export interface CompletionEntry {
  readonly label: string;
  readonly insertText: string;
  /** insertText is a snippet (`${1:id}` placeholders). */
  readonly snippet?: boolean;
  readonly detail: string;
  /** Markdown. */
  readonly documentation?: string;
  readonly sortText?: string;
}

export interface CompletionResult {
  readonly kind: CompletionKind;
  /** Column where the replaced text starts (it ends at the cursor). */
  readonly replaceStart: number;
  readonly items: readonly CompletionEntry[];
}

export interface CompletionInputs {
  /** Names of the file's `@name = value` variables. */
  readonly fileVariables?: readonly string[];
  /** Names of the file's requests (`# @name`), for request chaining. */
  readonly requestNames?: readonly string[];
  /** The `# @prompt` names of the request at the cursor. */
  readonly promptNames?: readonly string[];
}

export const ANNOTATIONS: readonly { readonly key: string; readonly insert: string; readonly detail: string }[] = [
  { key: 'name', insert: 'name ', detail: 'Names the request, for request chaining: {{name.response.body.$.field}}' },
  { key: 'profile', insert: 'profile ', detail: 'Send as this FinCode profile (by name)' },
  { key: 'role', insert: 'role ', detail: 'Send as the profile with this role: MANAGER, AGENT, CASHIER or CUSTOMER' },
  { key: 'no-auth', insert: 'no-auth', detail: 'Send without any token (e.g. the login request)' },
  { key: 'expect', insert: 'expect ', detail: 'Expected status per role, e.g. MANAGER=200 CUSTOMER=403' },
];

export const SYSTEM_VARIABLES: readonly { readonly name: string; readonly detail: string }[] = [
  { name: '$guid', detail: 'A new UUID v4' },
  { name: '$randomInt', detail: '$randomInt min max: a random integer from min up to (not including) max' },
  { name: '$timestamp', detail: '$timestamp [offset unit]: seconds since the epoch (UTC)' },
  { name: '$datetime', detail: '$datetime rfc1123|iso8601|"format" [offset unit]: UTC date and time' },
  { name: '$localDatetime', detail: '$localDatetime rfc1123|iso8601|"format" [offset unit]: local date and time' },
  { name: '$processEnv', detail: '$processEnv NAME: an environment variable of the VS Code process' },
  { name: '$dotenv', detail: '$dotenv NAME: a variable of the .env file next to the .http file' },
];

/** httpYac's prompt variables, as snippets: offered once `{{$` is typed. */
export const PROMPT_VARIABLES: readonly { readonly name: string; readonly insert: string; readonly detail: string }[] = [
  { name: '$input', insert: '\\$input ${1:label}', detail: '$input label [$value: default]: asks for a value when the request is sent' },
  { name: '$password', insert: '\\$password ${1:label}', detail: '$password label: asks for a value without showing it; never kept, logged or copied' },
  { name: '$pick', insert: '\\$pick ${1:label} \\$value: ${2:a,b,c}', detail: '$pick label $value: a,b,c: asks to pick one of the values' },
  { name: '$input-askonce', insert: '\\$input-askonce ${1:label}', detail: 'Like $input, asked once in this window' },
  { name: '$pick-askonce', insert: '\\$pick-askonce ${1:label} \\$value: ${2:a,b,c}', detail: 'Like $pick, asked once in this window' },
];

const METHODS = `(?:${SENDABLE_METHODS.join('|')})`;
const PATH_CONTEXT = new RegExp(`^\\s*(?:(${METHODS})\\s+)?\\{\\{\\s*baseUrl\\s*\\}\\}/([^\\s?#]*)$`, 'i');
const ANNOTATION_CONTEXT = /^(\s*(?:#|\/\/)\s*@)([\w-]*)$/;
const ROLE_CONTEXT = /^(\s*(?:#|\/\/)\s*@role\s+)(\w*)$/;
const EXPECT_CONTEXT = /^(\s*(?:#|\/\/)\s*@expect\s+)(.*)$/;
const VARIABLE_CONTEXT = /\{\{\s*([$\w.%-]*)$/;
const REQUEST_LINE = new RegExp(`^(\\s*)(${METHODS})(\\s+)(\\S+)`);

/** The path with `{id}` as a snippet placeholder and `*` as one. */
function pathSnippet(path: string): { text: string; snippet: boolean } {
  if (!path.includes('{id}') && !path.includes('*')) return { text: path, snippet: false };
  let n = 0;
  const text = path
    .replace(/\$/g, '\\$')
    .replace(/\{id\}|\*/g, (match) => `\${${++n}:${match === '*' ? 'anything' : 'id'}}`);
  return { text, snippet: true };
}

function pathItems(method: string | undefined): CompletionEntry[] {
  const byPath = new Map<string, FinCodeEndpoint[]>();
  for (const endpoint of ENDPOINTS) byPath.set(endpoint.path, [...(byPath.get(endpoint.path) ?? []), endpoint]);
  const upper = method?.toUpperCase();
  return [...byPath.entries()].map(([path, endpoints], index) => {
    const matching = endpoints.filter((endpoint) => upper === undefined || endpoint.method === upper || endpoint.method === 'ANY');
    const first = matching[0] ?? endpoints[0]!;
    const { text, snippet } = pathSnippet(path);
    const methods = endpoints.map((endpoint) => endpoint.method).join(' · ');
    return {
      label: path,
      insertText: text,
      ...(snippet ? { snippet } : {}),
      detail: `${methods} — ${first.localOnly ? 'local sandbox only' : 'FinCode API'}: ${first.title}`,
      documentation: first.description,
      // Documented endpoints first, then those the request's method can call, in table order.
      sortText: `${first.localOnly ? 1 : 0}${matching.length > 0 ? 0 : 1}${String(index).padStart(3, '0')}`,
    };
  });
}

function annotationItems(): CompletionEntry[] {
  return ANNOTATIONS.map((annotation, index) => ({
    label: `@${annotation.key}`,
    insertText: annotation.insert,
    detail: annotation.detail,
    sortText: String(index),
  }));
}

function roleItems(suffix: string, exclude: ReadonlySet<string> = new Set()): CompletionEntry[] {
  return ROLES.filter((role) => !exclude.has(role)).map((role, index) => ({
    label: role,
    insertText: role + suffix,
    detail: suffix ? `Expected status for ${role}` : `Send as the ${role} profile`,
    sortText: String(index),
  }));
}

function variableItems(inputs: CompletionInputs, typed: string): CompletionEntry[] {
  const items: CompletionEntry[] = [];
  const seen = new Set<string>();
  const add = (entry: CompletionEntry) => {
    if (seen.has(entry.label)) return;
    seen.add(entry.label);
    items.push(entry);
  };
  for (const name of inputs.promptNames ?? []) add({ label: name, insertText: name, detail: 'Asked when the request is sent (# @prompt)', sortText: `0${name}` });
  for (const name of inputs.fileVariables ?? []) add({ label: name, insertText: name, detail: 'File variable', sortText: `0${name}` });
  add({ label: 'baseUrl', insertText: 'baseUrl', detail: "The active FinCode environment's base URL", sortText: '1' });
  for (const name of inputs.requestNames ?? []) {
    add({ label: `${name}.response.body.$`, insertText: `${name}.response.body.$`, detail: `Request chaining: the response body of ${name}`, sortText: `2${name}` });
  }
  for (const variable of SYSTEM_VARIABLES) add({ label: variable.name, insertText: variable.name, detail: variable.detail, sortText: `3${variable.name}` });
  if (typed.startsWith('$')) {
    for (const variable of PROMPT_VARIABLES) add({ label: variable.name, insertText: variable.insert, snippet: true, detail: variable.detail, sortText: `4${variable.name}` });
  }
  return items;
}

/** What to offer at `character` of `line`, or undefined when nothing of ours applies. */
export function completionsAt(line: string, character: number, inputs: CompletionInputs = {}): CompletionResult | undefined {
  const before = line.slice(0, character);

  const variable = VARIABLE_CONTEXT.exec(before);
  if (variable && !before.slice(variable.index).includes('}}')) {
    const typed = variable[1] ?? '';
    return { kind: 'variable', replaceStart: character - typed.length, items: variableItems(inputs, typed) };
  }

  const path = PATH_CONTEXT.exec(before);
  if (path) {
    const typed = path[2] ?? '';
    return { kind: 'path', replaceStart: character - typed.length, items: pathItems(path[1]) };
  }

  const role = ROLE_CONTEXT.exec(before);
  if (role) return { kind: 'role', replaceStart: character - (role[2] ?? '').length, items: roleItems('') };

  const expect = EXPECT_CONTEXT.exec(before);
  if (expect) {
    const value = expect[2] ?? '';
    const current = /[^\s,]*$/.exec(value)?.[0] ?? '';
    if (current.includes('=')) return undefined;
    const used = new Set([...value.matchAll(/(\w+)=/g)].map((match) => match[1] ?? ''));
    return { kind: 'role', replaceStart: character - current.length, items: roleItems('=', used) };
  }

  const annotation = ANNOTATION_CONTEXT.exec(before);
  if (annotation) return { kind: 'annotation', replaceStart: character - (annotation[2] ?? '').length, items: annotationItems() };

  return undefined;
}

export interface HoverResult {
  readonly endpoints: readonly FinCodeEndpoint[];
  /** Columns of the URL on the line. */
  readonly start: number;
  readonly end: number;
}

/** The endpoint(s) under the cursor when it is on the URL of a request line (`METHOD url`). */
export function hoverAt(line: string, character: number): HoverResult | undefined {
  const match = REQUEST_LINE.exec(line);
  if (!match) return undefined;
  const method = match[2] ?? '';
  const url = match[4] ?? '';
  const start = (match[1] ?? '').length + method.length + (match[3] ?? '').length;
  const end = start + url.length;
  if (character < start || character > end) return undefined;
  if (relativePath(url) === undefined) return undefined;
  const exact = endpointForPath(method, url);
  const endpoints = exact ? [exact] : endpointsAtPath(url);
  return endpoints.length > 0 ? { endpoints, start, end } : undefined;
}
