// Seeded generators of JWT-shaped input for the decoder and view-model fuzz tests: random
// segments, random strings, well-formed tokens holding random JSON, and mutations of a valid
// token, on the one JWT builder (./jwt). JWT_FUZZ_SEED=<seed> replays a run.
import { segment } from './jwt';
import { mulberry32 } from './random';

export const JWT_FUZZ_SEED = Number(process.env.JWT_FUZZ_SEED ?? 20_250_115);

const ALPHABET = [...'ABCxyz019-_.=+/ \n\t%"{}:,[]\\\u0000é€🔑日'];
const HEADER_KEYS = ['alg', 'typ', 'jku', 'x5u', 'crit', 'enc', 'kid', 'jwk'];
const CLAIM_KEYS = ['exp', 'iat', 'nbf', 'sub', 'role', 'email', 'permissions', 'token_use', '__proto__', 'constructor'];

export interface JwtFuzzer {
  int(below: number): number;
  pick<T>(items: readonly T[]): T;
  randomString(max: number): string;
  randomJson(depth?: number): unknown;
  randomObject(depth?: number): Record<string, unknown>;
  /** Well-formed segments holding random objects: these reach the claim and warning logic. */
  structuredToken(): string;
  /** 1 to 6 random segments, valid base64url JSON or not. */
  randomToken(): string;
  /** `base` with 1 to 4 random edits. */
  mutated(base: string): string;
  /** One of the above, by turns. */
  next(index: number, base: string): string;
}

export function jwtFuzzer(seed: number, nowSeconds: number): JwtFuzzer {
  const random = mulberry32(seed);
  const int = (below: number): number => Math.floor(random() * below);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const randomString = (max: number): string => Array.from({ length: int(max) }, () => pick(ALPHABET)).join('');

  function randomJson(depth = 0): unknown {
    const scalars = [null, true, 0, -1, 1.5, 1e20, -1e20, 2 ** 53, nowSeconds, 'none', 'NONE', '', randomString(8)];
    if (depth > 2 || random() < 0.4) return pick(scalars);
    if (random() < 0.3) return Array.from({ length: int(4) }, () => randomJson(depth + 1));
    return randomObject(depth);
  }

  function randomObject(depth = 0): Record<string, unknown> {
    const keys = [...HEADER_KEYS, ...CLAIM_KEYS, randomString(5)];
    return Object.fromEntries(Array.from({ length: int(6) }, () => [pick(keys), randomJson(depth + 1)]));
  }

  const structuredToken = (): string => `${segment(randomObject())}.${segment(randomObject())}.${pick(['', 'c2ln', randomString(6)])}`;

  function randomToken(): string {
    const pieces = Array.from({ length: 1 + int(6) }, () =>
      pick([
        () => segment(randomJson()),
        () => Buffer.from(Array.from({ length: int(40) }, () => int(256))).toString('base64url'),
        () => randomString(30),
        () => '',
      ])(),
    );
    return pieces.join('.');
  }

  function mutate(input: string): string {
    const at = int(input.length + 1);
    switch (int(7)) {
      case 0:
        return input.slice(0, at) + pick(ALPHABET) + input.slice(at + 1);
      case 1:
        return input.slice(0, at) + input.slice(at + 1);
      case 2:
        return input.slice(0, at) + pick(ALPHABET) + input.slice(at);
      case 3:
        return input.slice(0, at);
      case 4:
        return input.split('.').reverse().join('.');
      case 5:
        return `${input}.${input}`;
      default:
        return `${pick(['Bearer ', ' ', '\n', ''])}${input}${pick([' ', '\r\n', ''])}`;
    }
  }

  function mutated(base: string): string {
    let input = base;
    for (let n = 1 + int(4); n > 0; n -= 1) input = mutate(input);
    return input;
  }

  function next(index: number, base: string): string {
    if (index % 4 === 0) return randomToken();
    if (index % 4 === 1) return randomString(120);
    if (index % 4 === 2) return structuredToken();
    return mutated(base);
  }

  return { int, pick, randomString, randomJson, randomObject, structuredToken, randomToken, mutated, next };
}
