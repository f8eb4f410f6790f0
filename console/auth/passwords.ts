/**
 * Password hashing with Argon2id at the library's defaults (19 MiB, 2 passes: OWASP's advice).
 * An e-mail that has no password behind it is checked against a hash of nothing anyone knows, so
 * that a sign-in takes as long whether the account exists or not.
 */
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

export const hashPassword = (password: string) => hash(password);

let decoy: Promise<string> | undefined;

/** Whether the password matches the hash; with no hash, false, after as much work as a real check. */
export async function checkPassword(stored: string | undefined, password: string): Promise<boolean> {
  decoy ??= hash(randomBytes(32).toString('base64'));
  const against = stored ?? (await decoy);
  const matches = await verify(against, password).catch(() => false);
  return stored !== undefined && matches;
}

/** Why a new password will not do, or undefined when it will. */
export function passwordProblem(password: string, email: string): string | undefined {
  if ([...password].length < PASSWORD_MIN) return `must be at least ${PASSWORD_MIN} characters long`;
  if ([...password].length > PASSWORD_MAX) return `must be at most ${PASSWORD_MAX} characters long`;
  if (password.trim().toLowerCase() === email.trim().toLowerCase()) return 'must not be your e-mail address';
  return undefined;
}
