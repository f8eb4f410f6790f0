/**
 * Where a part's read model lives: a SQLite file in a folder of its own, or, with `--database
 * postgres`, a database of its own on one PostgreSQL server for the run: the tests' server
 * (test/helpers/postgres.ts: initdb into /dev/shm where it has room, on a free port of 127.0.0.1,
 * not syncing to disk), stopped at teardown.
 */
import fs from 'node:fs';
import type { DbOptions } from '../store/db';
import { createDatabase, teardownPostgres } from '../test/helpers/postgres';
import type { Teardown } from './teardown';

export const BENCH_DATABASES = ['sqlite', 'postgres'] as const;
export type BenchDatabase = (typeof BENCH_DATABASES)[number];

let serverStarted = false;

/** A new, migrated read model in `dataDir` (SQLite) or on the run's PostgreSQL server. */
export async function newReadModel(t: Teardown, kind: BenchDatabase, dataDir: string): Promise<DbOptions> {
  fs.mkdirSync(dataDir, { recursive: true });
  if (kind === 'sqlite') return { dataDir };
  if (!serverStarted) {
    serverStarted = true;
    t.add('the PostgreSQL server', teardownPostgres);
  }
  return { dataDir, databaseUrl: await createDatabase() };
}

/** The variables that point `npm run api` or `npm run worker` at the read model. */
export const readModelEnv = (o: DbOptions): Record<string, string> => ({ DATA_DIR: o.dataDir, ...(o.databaseUrl ? { DATABASE_URL: o.databaseUrl } : {}) });
