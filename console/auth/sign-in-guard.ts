/**
 * Slows down guessing passwords. Failed sign-ins are counted per e-mail as typed (whether or not
 * an account has it, so the answers never tell) and per client address. Past a few free failures,
 * each further failure makes that e-mail or address wait twice as long as the one before (up to
 * MAX_WAIT_MS) before a sign-in is checked again; a right password clears the e-mail's count.
 */
export interface SignInGuardOptions {
  /** Failures per e-mail before waits begin. */
  freePerAccount: number;
  /** Failures per address before waits begin: an office behind one address shares them. */
  freePerAddress: number;
  clock: () => Date;
}

export const DEFAULT_GUARD = { freePerAccount: 5, freePerAddress: 30 };
const FIRST_WAIT_MS = 5_000;
const MAX_WAIT_MS = 15 * 60_000;
/** A count is forgotten this long after its last failure. */
const FORGET_MS = 60 * 60_000;
/** Keys kept at most; the oldest are dropped first, so a flood of made-up e-mails cannot fill memory. */
const MAX_KEYS = 100_000;

interface Count {
  failures: number;
  lastAt: number;
  retryAt: number;
}

export interface SignInGuard {
  /** Milliseconds to wait before this e-mail or address may try again; 0 when it may now. */
  waitFor(email: string, address: string): number;
  failed(email: string, address: string): void;
  succeeded(email: string): void;
}

export function signInGuard({ freePerAccount, freePerAddress, clock }: SignInGuardOptions): SignInGuard {
  const counts = new Map<string, Count>();
  const now = () => clock().getTime();
  const keys = (email: string, address: string) => [
    { key: `e:${email.trim().toLowerCase()}`, free: freePerAccount },
    { key: `a:${address}`, free: freePerAddress },
  ];
  const current = (key: string, at: number) => {
    const count = counts.get(key);
    if (count && at - count.lastAt > FORGET_MS) {
      counts.delete(key);
      return undefined;
    }
    return count;
  };
  return {
    waitFor(email, address) {
      const at = now();
      return Math.max(0, ...keys(email, address).map(({ key }) => (current(key, at)?.retryAt ?? 0) - at));
    },
    failed(email, address) {
      const at = now();
      for (const { key, free } of keys(email, address)) {
        const failures = (current(key, at)?.failures ?? 0) + 1;
        const wait = failures <= free ? 0 : Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** (failures - free - 1));
        counts.delete(key);
        counts.set(key, { failures, lastAt: at, retryAt: at + wait });
      }
      while (counts.size > MAX_KEYS) counts.delete(counts.keys().next().value as string);
    },
    succeeded(email) {
      counts.delete(`e:${email.trim().toLowerCase()}`);
    },
  };
}
