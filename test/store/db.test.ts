/** Opening the database and writing in transactions, on SQLite and PostgreSQL. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import knex from 'knex';
import { dbConfig, isSqlite, lockKey, openDb, writeTransaction, type Db } from '../../store/db';
import { forEachDatabase } from '../helpers/databases';

describe('database', () => {
  it('takes PostgreSQL from a postgres URL, SQLite from a sqlite one or from the data directory, and refuses others', () => {
    expect(dbConfig({ dataDir: '/data', databaseUrl: 'postgres://u:p@db/cases' })).to.deep.include({ client: 'pg', connection: 'postgres://u:p@db/cases' });
    expect(dbConfig({ dataDir: '/data', databaseUrl: 'postgresql://db/cases' }).client).to.equal('pg');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-db-'));
    try {
      expect(dbConfig({ dataDir: dir, databaseUrl: `sqlite:${dir}/other.db` }).connection).to.deep.equal({ filename: `${dir}/other.db` });
      expect(dbConfig({ dataDir: dir }).connection).to.deep.equal({ filename: path.join(dir, 'cases.db') });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(() => dbConfig({ dataDir: '/data', databaseUrl: 'mysql://db/cases' })).to.throw("DATABASE_URL must start with postgres://, postgresql:// or sqlite: (got 'mysql:')");
  });

  forEachDatabase((open, database) => {
    let db: Db;
    beforeEach(async () => {
      db = await open();
    });

    it('says which database it is', () => {
      expect(isSqlite(db)).to.equal(database.kind === 'sqlite');
    });

    it('opens a database already up to date without changing it', async () => {
      const options = await database.options();
      const first = await openDb(options);
      await first('case_numbers').insert({ definition_key: 'quick-case', last_number: 3 });
      await first.destroy();
      const again = await openDb(options);
      try {
        expect(await again('case_numbers').select('definition_key', 'last_number')).to.deep.equal([{ definition_key: 'quick-case', last_number: 3 }]);
      } finally {
        await again.destroy();
      }
    });

    it('commits a transaction whole, or nothing of it when it fails', async () => {
      const kept = await writeTransaction(db, async (trx) => {
        await trx('case_numbers').insert({ definition_key: 'kept', last_number: 1 });
        return 'done';
      });
      expect(kept).to.equal('done');
      const failed = await writeTransaction(db, async (trx) => {
        await trx('case_numbers').insert({ definition_key: 'undone', last_number: 1 });
        await trx('case_numbers').insert({ definition_key: 'kept', last_number: 2 });
      }).then(() => false, () => true);
      expect(failed).to.equal(true);
      expect(await db('case_numbers').orderBy('definition_key')).to.deep.equal([{ definition_key: 'kept', last_number: 1 }]);
    });

    it('lets one transaction at a time hold a key, so reads and writes under it never interleave', async () => {
      await db('case_numbers').insert({ definition_key: 'counter', last_number: 0 });
      const increment = () =>
        writeTransaction(db, async (trx) => {
          await lockKey(trx, 'counter');
          const { last_number } = await trx('case_numbers').where({ definition_key: 'counter' }).first();
          // Gives the other transactions time to read the same value, were they not kept waiting.
          await new Promise((r) => setTimeout(r, 5));
          await trx('case_numbers').where({ definition_key: 'counter' }).update({ last_number: last_number + 1 });
        });
      await Promise.all(Array.from({ length: 8 }, increment));
      expect((await db('case_numbers').where({ definition_key: 'counter' }).first()).last_number).to.equal(8);
    });

    // PostgreSQL has no such lock to take: its transactions write side by side.
    if (database.kind === 'sqlite') it('holds SQLite\'s write lock from a transaction\'s start, so a write of another process between its read and its write never makes it run again', async () => {
      // Another process, which does not wait for a lock: it is refused while the transaction holds one.
      const other = knex({ client: 'sqlite3', connection: db.client.config.connection, useNullAsDefault: true, pool: { min: 1, max: 1 } });
      try {
        await other.raw('pragma busy_timeout = 0');
        let runs = 0;
        let otherWrite: unknown;
        await writeTransaction(db, async (trx) => {
          runs++;
          await trx('case_numbers').first();
          if (runs === 1) otherWrite = await other('case_numbers').insert({ definition_key: 'other', last_number: 1 }).then(() => 'written', (err: Error) => err.message);
          await trx('case_numbers').insert({ definition_key: 'mine', last_number: 1 });
        });
        expect(runs).to.equal(1);
        expect(otherWrite, String(otherWrite)).to.match(/SQLITE_BUSY/);
        expect((await db('case_numbers').select('definition_key')).map((r) => r.definition_key)).to.deep.equal(['mine']);
      } finally {
        await other.destroy();
      }
    });
  });
});
