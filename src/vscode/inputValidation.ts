// What the wizards and input boxes check as the user types: a problem to show, or undefined when
// the input is fine. No 'vscode' import: plain Node tests.
import { decodeJwt } from '../core/auth/jwt';
import { MIN_PASSWORD_LENGTH } from '../core/fincode/credentials';
import { parseBaseUrl, tenantProblem } from '../core/fincode/environments';

export type Validation = { readonly severity: 'error' | 'warning'; readonly message: string } | undefined;

/** A pasted API token: must be non-empty and one line; a token that is not a JWT is accepted with a warning. */
export function apiTokenProblem(input: string, now: number): Validation {
  const token = input.trim();
  if (token === '') return { severity: 'error', message: 'Paste the API token made in the FinCode dashboard.' };
  if (/\s/.test(token)) return { severity: 'error', message: 'An API token is one line without spaces.' };
  const decoded = decodeJwt(token, now);
  if (!decoded.ok) return { severity: 'warning', message: `${decoded.reason}. It is stored as is; its time left is counted from today.` };
  if (decoded.expired) return { severity: 'warning', message: 'This token has already expired (its exp is in the past).' };
  return undefined;
}

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export function emailProblem(input: string): string | undefined {
  if (!EMAIL.test(input.trim())) return 'Enter the e-mail address registered in FinCode (name@example.com).';
  return undefined;
}

export function passwordProblem(input: string): string | undefined {
  if (input.length < MIN_PASSWORD_LENGTH) return `The password must be at least ${MIN_PASSWORD_LENGTH} characters.`;
  return undefined;
}

export function nameProblem(input: string): string | undefined {
  const name = input.trim();
  if (name === '') return 'Enter a name, e.g. "till-1".';
  if (name.length > 60) return 'Keep the name under 60 characters.';
  return undefined;
}

export { tenantProblem };

export function baseUrlProblem(input: string): string | undefined {
  const parsed = parseBaseUrl(input);
  return parsed.ok ? undefined : parsed.problem;
}
