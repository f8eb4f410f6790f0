/**
 * The same store tests on both databases the read model runs on: `forEachDatabase` describes a
 * suite once on SQLite and once on PostgreSQL, and `open` gives each test a new database of its own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb, type Db, type DbOptions } from '../../store/db';
import { createDatabase, dropDatabase } from './postgres';

export type DatabaseKind = 'sqlite' | 'postgres';

const NAMES: Record<DatabaseKind, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

export interface TestDatabase {
  kind: DatabaseKind;
  /** Options of a new database that no migration has touched yet. */
  options(): Promise<DbOptions>;
}

/** A new database of the kind, empty or with the schema up to date on PostgreSQL; the caller removes `dataDir` when done. */
async function newDatabase(kind: DatabaseKind, empty: boolean): Promise<DbOptions> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-store-'));
  return kind === 'postgres' ? { dataDir, databaseUrl: await createDatabase({ empty }) } : { dataDir };
}

/**
 * Describes `suite` on each database. `open` makes a new database with the schema up to date; it
 * belongs to the current test (or hook) and is closed after the test.
 */
export function forEachDatabase(suite: (open: () => Promise<Db>, database: TestDatabase) => void): void {
  for (const kind of ['sqlite', 'postgres'] as const) {
    describe(`on ${NAMES[kind]}`, () => {
      const opened: Db[] = [];
      const made: DbOptions[] = [];
      const make = async (empty: boolean) => {
        const options = await newDatabase(kind, empty);
        made.push(options);
        return options;
      };
      const database: TestDatabase = { kind, options: () => make(true) };
      const open = async () => {
        const db = await openDb(await make(false));
        opened.push(db);
        return db;
      };
      afterEach(async () => {
        await Promise.all(opened.splice(0).map((db) => db.destroy()));
        for (const { dataDir, databaseUrl } of made.splice(0)) {
          if (databaseUrl) await dropDatabase(databaseUrl);
          fs.rmSync(dataDir, { recursive: true, force: true });
        }
      });
      suite(open, database);
    });
  }
}
