/** Opening the database and writing in transactions, on SQLite and PostgreSQL. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
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
  });
});
