/**
 * The SQL database behind the read model, the audit trail and the definitions: SQLite in a file
 * under DATA_DIR by default, PostgreSQL when DATABASE_URL says so. Migrations run on open.
 */
import fs from 'node:fs';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import { migrationSource } from './migrations';
import { keepStatementsPrepared, type SqliteConnection } from './sqlite-statements';

export type Db = Knex;

export interface DbOptions {
  dataDir: string;
  databaseUrl?: string;
}

function sqliteConfig(file: string): Knex.Config {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return {
    client: 'sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
    // One connection: SQLite has one writer, and a pool would only queue on its lock.
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: SqliteConnection & { run: (sql: string, cb: (err: Error | null) => void) => void }, done: (err: Error | null, conn: unknown) => void) {
        // WAL lets the API read while the worker writes from another process; busy_timeout makes
        // the two processes wait for each other's short write locks instead of failing.
        const pragmas = ['PRAGMA journal_mode = WAL', 'PRAGMA synchronous = NORMAL', 'PRAGMA busy_timeout = 10000', 'PRAGMA foreign_keys = ON'];
        const next = (i: number): void => {
          if (i === pragmas.length) {
            keepStatementsPrepared(conn);
            return done(null, conn);
          }
          conn.run(pragmas[i], (err) => (err ? done(err, conn) : next(i + 1)));
        };
        next(0);
      },
    },
  };
}

export function dbConfig(options: DbOptions): Knex.Config {
  const url = options.databaseUrl;
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    return { client: 'pg', connection: url, pool: { min: 1, max: 10 } };
  }
  if (url && !url.startsWith('sqlite:')) {
    throw new Error(`DATABASE_URL must start with postgres://, postgresql:// or sqlite: (got '${url.split(':')[0]}:')`);
  }
  const file = url ? url.replace(/^sqlite:(\/\/)?/, '') : path.join(options.dataDir, 'cases.db');
  return sqliteConfig(path.resolve(file));
}

/** Opens the database and brings its schema up to date. */
export async function openDb(options: DbOptions): Promise<Db> {
  const db = knex(dbConfig(options));
  await migrateLatest(db);
  return db;
}

/** What a second process meets while the first creates knex's own tables or holds its migration lock. */
const MIGRATION_RACE = /already exists|SQLITE_BUSY|already locked|duplicate key|UNIQUE constraint failed/i;

/**
 * Runs the migrations that are due, also when several processes start at once on an empty
 * database: on PostgreSQL one at a time under an advisory lock; on SQLite, whose file lock allows no
 * such wait, by trying again until the first process is done.
 */
export async function migrateLatest(db: Db): Promise<void> {
  if (!isSqlite(db)) {
    await db.transaction(async (trx) => {
      await trx.raw("select pg_advisory_xact_lock(hashtextextended('casework:migrations', 0))");
      await db.migrate.latest({ migrationSource });
    });
    return;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      await prepareMigrationTables(db);
      await db.migrate.latest({ migrationSource });
      return;
    } catch (err) {
      if (!MIGRATION_RACE.test(String((err as Error)?.message ?? err)) || attempt >= 100) throw err;
      await new Promise((r) => setTimeout(r, Math.min(20 * attempt, 500)));
    }
  }
}

/**
 * knex makes its lock table, reads it and, finding it empty, adds its one row: three steps. Two
 * processes meeting an empty database can both read it empty and both add a row, and knex's lock
 * (an update that must change exactly one row) is then refused to every process for good. So the
 * tables are made here first, as knex would make them, and the row by one statement that adds it
 * only when there is none; knex then finds both in place.
 */
async function prepareMigrationTables(db: Db): Promise<void> {
  await db.raw('create table if not exists `knex_migrations` (`id` integer not null primary key autoincrement, `name` varchar(255), `batch` integer, `migration_time` datetime)');
  await db.raw('create table if not exists `knex_migrations_lock` (`index` integer not null primary key autoincrement, `is_locked` integer)');
  await db.raw('insert into `knex_migrations_lock` (`is_locked`) select 0 where not exists (select 1 from `knex_migrations_lock`)');
}

export function isSqlite(db: Db): boolean {
  return db.client.config.client === 'sqlite3';
}

/**
 * Makes other transactions that lock the same key wait until this one ends. SQLite runs one
 * writing transaction at a time anyway; PostgreSQL runs them side by side, so a transaction that
 * writes from what it has just read (the next number, the entry before) takes this lock first.
 */
export async function lockKey(trx: Knex.Transaction, key: string): Promise<void> {
  if (!isSqlite(trx)) await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 0))', [key]);
}

const isBusy = (err: unknown) => /SQLITE_BUSY/.test(String((err as { code?: string })?.code ?? err));

/**
 * A write that changes nothing, run first in a SQLite transaction: SQLite takes the write lock for
 * a writing statement as it starts, whether or not a row matches, so the transaction holds it from
 * its beginning, as BEGIN IMMEDIATE would (knex begins every transaction deferred).
 */
const TAKE_WRITE_LOCK = 'update knex_migrations set id = id where 0';

/**
 * A transaction that writes. SQLite refuses (SQLITE_BUSY, at once, whatever busy_timeout says) to
 * turn a reading transaction into a writing one when another process wrote meanwhile, so on SQLite
 * the transaction takes the write lock before it reads anything, and waits for it under
 * busy_timeout instead (measured: about one write in twelve of the case worker was refused so
 * while the API wrote its counts). A refusal that still comes runs the whole transaction again, a
 * few times, with a short pause.
 */
export async function writeTransaction<T>(db: Db, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  const locked = isSqlite(db)
    ? async (trx: Knex.Transaction) => {
        await trx.raw(TAKE_WRITE_LOCK);
        return work(trx);
      }
    : work;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(locked);
    } catch (err) {
      if (!isBusy(err) || attempt >= 50) throw err;
      await new Promise((r) => setTimeout(r, Math.min(5 * attempt, 100)));
    }
  }
}
