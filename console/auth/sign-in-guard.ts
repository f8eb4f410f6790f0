/**
 * Slows down guessing passwords. Failed sign-ins are counted per e-mail as typed (whether or not
 * an account has it, so the answers never tell) and per client address. Past a few free failures,
 * each further failure makes that e-mail or address wait twice as long as the one before (up to
 * MAX_WAIT_MS) before a sign-in is checked again; a right password clears the e-mail's count. The
 * counts are kept in the database, so the waits hold across every API process.
 */
import type { Db } from '../../store/db';
import { clearSignInFailures, pruneSignInFailures, readSignInFailures, recordSignInFailure } from '../../store/sign-in-failures';

export interface SignInGuardOptions {
  /** Failures per e-mail before waits begin. */
  freePerAccount: number;
  /** Failures per address before waits begin: an office behind one address shares them. */
  freePerAddress: number;
  clock: () => Date;
  db: Db;
}

export const DEFAULT_GUARD = { freePerAccount: 5, freePerAddress: 30 };
const FIRST_WAIT_MS = 5_000;
const MAX_WAIT_MS = 15 * 60_000;
/** A count is forgotten this long after its last failure. */
const FORGET_MS = 60 * 60_000;
/** Forgotten counts are removed after about this many failures in a process. */
const PRUNE_EVERY = 1000;

export interface SignInGuard {
  /** Milliseconds to wait before this e-mail or address may try again; 0 when it may now. */
  waitFor(email: string, address: string): Promise<number>;
  failed(email: string, address: string): Promise<void>;
  succeeded(email: string): Promise<void>;
}

/** The wait after the n-th failure when `free` are allowed without one. */
export const waitAfter = (failures: number, free: number): number => (failures <= free ? 0 : Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** (failures - free - 1)));

const emailKey = (email: string) => `e:${email.trim().toLowerCase()}`;

export function signInGuard({ freePerAccount, freePerAddress, clock, db }: SignInGuardOptions): SignInGuard {
  const now = () => clock().getTime();
  const keys = (email: string, address: string) => [
    { key: emailKey(email), free: freePerAccount },
    { key: `a:${address}`, free: freePerAddress },
  ];
  let failures = 0;
  return {
    async waitFor(email, address) {
      const at = now();
      const counts = await readSignInFailures(db, keys(email, address).map((k) => k.key), at - FORGET_MS);
      return Math.max(0, ...[...counts.values()].map((c) => c.retryAt - at));
    },
    async failed(email, address) {
      const at = now();
      if (++failures % PRUNE_EVERY === 0) await pruneSignInFailures(db, at - FORGET_MS);
      for (const { key, free } of keys(email, address)) await recordSignInFailure(db, key, at, at - FORGET_MS, (n) => waitAfter(n, free));
    },
    async succeeded(email) {
      await clearSignInFailures(db, emailKey(email));
    },
  };
}
