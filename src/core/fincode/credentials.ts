// What the login document says of credentials: an e-mail, and a password of at least 8 characters.

export const MIN_PASSWORD_LENGTH = 8;

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Client-side checks before any login request; returns a problem or undefined. */
export function credentialsProblem(email: string, password: string): string | undefined {
  if (!EMAIL.test(email.trim())) return 'Enter the e-mail address registered in FinCode (name@example.com).';
  if (password.length < MIN_PASSWORD_LENGTH) return `The password must be at least ${MIN_PASSWORD_LENGTH} characters.`;
  return undefined;
}
