/**
 * Failed console sign-ins per e-mail and per address, kept in the database so that every API
 * process slows the same guesser. A failure is counted in one statement, so failures sent to two
 * processes at once both count.
 */
import type { Db } from './db';

export interface FailureCount {
  failures: number;
  lastAt: number;
  retryAt: number;
}

type Row = { key: string; failures: number | string; last_at: number | string; retry_at: number | string };

/** The counts of `keys` whose last failure is later than `forgetBefore`. */
export async function readSignInFailures(db: Db, keys: string[], forgetBefore: number): Promise<Map<string, FailureCount>> {
  const rows = (await db('sign_in_failures').whereIn('key', keys).where('last_at', '>', forgetBefore)) as Row[];
  return new Map(rows.map((r) => [r.key, { failures: Number(r.failures), lastAt: Number(r.last_at), retryAt: Number(r.retry_at) }]));
}

/** Counts a failure at `at` (starting again when the last was before `forgetBefore`), and sets the time the key may try again from the new count. */
export async function recordSignInFailure(db: Db, key: string, at: number, forgetBefore: number, waitAfter: (failures: number) => number): Promise<number> {
  const result = await db.raw(
    `insert into sign_in_failures (key, failures, last_at, retry_at) values (?, 1, ?, ?)
     on conflict (key) do update set
       failures = case when sign_in_failures.last_at <= ? then 1 else sign_in_failures.failures + 1 end,
       last_at = ?
     returning failures`,
    [key, at, at, forgetBefore, at],
  );
  const rows = (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
  const failures = Number(rows[0].failures);
  // Failures counted at once may set their waits in either order: the longest wait stands.
  const retryAt = at + waitAfter(failures);
  await db('sign_in_failures').where({ key }).where('retry_at', '<', retryAt).update({ retry_at: retryAt });
  return failures;
}

export async function clearSignInFailures(db: Db, key: string): Promise<void> {
  await db('sign_in_failures').where({ key }).delete();
}

/** Forgets counts whose last failure was before `forgetBefore`. */
export async function pruneSignInFailures(db: Db, forgetBefore: number): Promise<number> {
  return db('sign_in_failures').where('last_at', '<=', forgetBefore).delete();
}
