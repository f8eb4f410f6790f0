/**
 * One process at a time through start-up work that reads, then writes (the first admin, publishing
 * the definition files), so that processes started together on an empty database make one admin
 * and one version of each definition. PostgreSQL holds an advisory lock for as long as the work
 * runs (released if the process dies); SQLite, which has no such lock across processes, a lease row
 * that runs out.
 */
import { randomUUID } from 'node:crypto';
import { isSqlite, type Db } from './db';

/** A lease not given back (its process died) is taken over after this long. */
const LEASE_MS = 60_000;
const WAIT_MS = 120_000;

export class StartupLockTimeout extends Error {
  override name = 'StartupLockTimeout';
}

export async function duringStartup<T>(db: Db, name: string, work: () => Promise<T>): Promise<T> {
  if (!isSqlite(db)) {
    // The transaction holds the lock on its own connection while the work runs on the pool's others.
    return db.transaction(async (trx) => {
      await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`casework:startup:${name}`]);
      return work();
    });
  }
  const holder = randomUUID();
  const deadline = Date.now() + WAIT_MS;
  for (let pause = 20; ; pause = Math.min(pause * 2, 500)) {
    const now = Date.now();
    await db('startup_locks').where({ name }).where('expires_at', '<', now).delete();
    await db('startup_locks').insert({ name, holder, expires_at: now + LEASE_MS }).onConflict('name').ignore();
    const row = (await db('startup_locks').where({ name }).first()) as { holder: string } | undefined;
    if (row?.holder === holder) break;
    if (now > deadline) throw new StartupLockTimeout(`another process has held the start-up lock '${name}' for over ${WAIT_MS / 1000} s; if none is starting, delete its row from startup_locks`);
    await new Promise((r) => setTimeout(r, pause));
  }
  try {
    return await work();
  } finally {
    await db('startup_locks').where({ name, holder }).delete();
  }
}
