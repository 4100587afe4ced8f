// The JSONPath subset request chaining needs (`$.a.b`, `$.items[0].id`, `$.items[*].id`,
// `$['key with space']`): enough for REST Client's `{{login.response.body.$.access_token}}`
// without a JSONPath engine. Recursive descent, filters and slices are reported as unsupported.

export type PathStep = { readonly kind: 'key'; readonly key: string } | { readonly kind: 'index'; readonly index: number } | { readonly kind: 'wildcard' };

export type PathParse = { readonly ok: true; readonly steps: readonly PathStep[] } | { readonly ok: false; readonly problem: string };

const DOT_KEY = /^\.([^.[\]\s]+)/;
const BRACKET_INDEX = /^\[\s*(-?\d+)\s*\]/;
const BRACKET_WILDCARD = /^\[\s*\*\s*\]/;
const BRACKET_QUOTED = /^\[\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*\]/;

export function parseJsonPath(path: string): PathParse {
  if (!path.startsWith('$')) return { ok: false, problem: `a JSONPath starts with "$" (got "${path}")` };
  const steps: PathStep[] = [];
  let rest = path.slice(1);
  while (rest.length > 0) {
    if (rest.startsWith('..')) return { ok: false, problem: 'recursive descent (..) is not supported' };
    const key = DOT_KEY.exec(rest);
    const index = BRACKET_INDEX.exec(rest);
    const bracketWildcard = BRACKET_WILDCARD.exec(rest);
    const quoted = BRACKET_QUOTED.exec(rest);
    const match = key ?? index ?? bracketWildcard ?? quoted;
    if (!match) return { ok: false, problem: `unsupported JSONPath at "${rest}" (use .key, [n], ['key'] or *)` };
    if (key) steps.push(key[1] === '*' ? { kind: 'wildcard' } : { kind: 'key', key: key[1] ?? '' });
    else if (index) steps.push({ kind: 'index', index: Number(index[1]) });
    else if (bracketWildcard) steps.push({ kind: 'wildcard' });
    else steps.push({ kind: 'key', key: (quoted?.[1] ?? quoted?.[2] ?? '').replace(/\\(.)/g, '$1') });
    rest = rest.slice(match[0].length);
  }
  return { ok: true, steps };
}

function children(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'object' && value !== null) return Object.values(value);
  return [];
}

function step(value: unknown, next: PathStep): unknown[] {
  if (next.kind === 'wildcard') return children(value);
  if (next.kind === 'index') {
    if (!Array.isArray(value)) return [];
    const index = next.index < 0 ? value.length + next.index : next.index;
    return index >= 0 && index < value.length ? [value[index]] : [];
  }
  // Own properties only: `$.__proto__` or `$.constructor` must not reach the prototype.
  if (typeof value !== 'object' || value === null || !Object.prototype.hasOwnProperty.call(value, next.key)) return [];
  return [(value as Record<string, unknown>)[next.key]];
}

/** Every value the path selects, in document order (empty when nothing matches). */
export function selectJson(root: unknown, steps: readonly PathStep[]): unknown[] {
  return steps.reduce<unknown[]>((current, next) => current.flatMap((value) => step(value, next)), [root]);
}
