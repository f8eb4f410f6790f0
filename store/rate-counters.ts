/**
 * Counts in fixed windows, kept in the database so that every API process adds to the same count:
 * one statement increments a key's count, or starts its window again once it has ended.
 */
import type { Db } from './db';

export interface WindowCount {
  hits: number;
  resetsAt: number;
}

/** Adds a hit to `key` in its window of `windowMs`, starting a new window when the last has ended. */
export async function incrementCounter(db: Db, key: string, windowMs: number, now = Date.now()): Promise<WindowCount> {
  const resetsAt = now + windowMs;
  const { rows } = normalize(
    await db.raw(
      `insert into rate_counters (key, hits, resets_at) values (?, 1, ?)
       on conflict (key) do update set
         hits = case when rate_counters.resets_at <= ? then 1 else rate_counters.hits + 1 end,
         resets_at = case when rate_counters.resets_at <= ? then ? else rate_counters.resets_at end
       returning hits, resets_at`,
      [key, resetsAt, now, now, resetsAt],
    ),
  );
  return { hits: Number(rows[0].hits), resetsAt: Number(rows[0].resets_at) };
}

/** The count of `key` in its window; none once the window has ended. Reads only. */
export async function readCounter(db: Db, key: string, now = Date.now()): Promise<WindowCount | undefined> {
  const row: { hits: number | string; resets_at: number | string } | undefined = await db('rate_counters').where({ key }).andWhere('resets_at', '>', now).first('hits', 'resets_at');
  return row ? { hits: Number(row.hits), resetsAt: Number(row.resets_at) } : undefined;
}

/** Takes back a hit (a request that should not count after all). */
export async function decrementCounter(db: Db, key: string): Promise<void> {
  await db('rate_counters').where({ key }).where('hits', '>', 0).decrement('hits', 1);
}

export async function resetCounter(db: Db, key: string): Promise<void> {
  await db('rate_counters').where({ key }).delete();
}

/** Forgets windows that ended before `now`. */
export async function pruneCounters(db: Db, now = Date.now()): Promise<number> {
  return db('rate_counters').where('resets_at', '<=', now).delete();
}

/** SQLite's driver answers `returning` with the rows themselves, PostgreSQL's with a result holding them. */
function normalize(result: unknown): { rows: { hits: number | string; resets_at: number | string }[] } {
  return Array.isArray(result) ? { rows: result } : (result as { rows: { hits: number | string; resets_at: number | string }[] });
}
