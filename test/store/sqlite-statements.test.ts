/** Statements kept prepared on SQLite connections: the same answers and errors as the driver's own, fewer preparations. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import sqlite3 from 'sqlite3';
import { openDb, type Db } from '../../store/db';
import { keepStatementsPrepared, preparedCount, PREPARED_STATEMENTS_KEPT, type SqliteConnection } from '../../store/sqlite-statements';

type Raw = sqlite3.Database & SqliteConnection;

const openRaw = (file: string) =>
  new Promise<Raw>((resolve, reject) => {
    const conn = new sqlite3.Database(file, (err) => (err ? reject(err) : resolve(conn as Raw)));
  });
const call = <T>(conn: Raw, method: 'all' | 'run', sql: string, bindings: unknown[] = []) =>
  new Promise<{ result: T; lastID?: number; changes?: number }>((resolve, reject) => {
    conn[method](sql, bindings, function (this: { lastID?: number; changes?: number }, err: Error | null, result?: unknown) {
      if (err) reject(err);
      else resolve({ result: result as T, lastID: this.lastID, changes: this.changes });
    });
  });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the statement to fail');
    },
    (err: Error & { code?: string }) => ({ code: err.code, message: err.message }),
  );
/** Prepared fine; fails as it runs, having begun to read the table (whose row 1 must be there). */
const OVERFLOW = 'select abs(-9223372036854775807 - 1 + id - 1) as n from t where id = 1';
const close = (conn: Raw) => new Promise<void>((resolve, reject) => conn.close((err) => (err ? reject(err) : resolve())));

describe('statements kept prepared on SQLite', () => {
  let dir: string;
  let kept: Raw;
  let plain: Raw;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-statements-'));
    const file = path.join(dir, 'x.db');
    plain = await openRaw(file);
    await call(plain, 'run', 'create table t (id integer primary key, name text unique not null)');
    kept = await openRaw(file);
    keepStatementsPrepared(kept, 3);
  });
  afterEach(async () => {
    await close(kept);
    await close(plain);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers as the driver does, rows, inserted id and changes, and prepares each SQL text once', async () => {
    const inserted = await call(kept, 'run', 'insert into t (name) values (?)', ['ada']);
    expect(inserted).to.include({ lastID: 1, changes: 1 });
    expect((await call(kept, 'run', 'insert into t (name) values (?)', ['grace'])).lastID).to.equal(2);
    for (const name of ['ada', 'grace', 'ada']) {
      expect((await call<{ id: number }[]>(kept, 'all', 'select id from t where name = ?', [name])).result).to.deep.equal([{ id: name === 'ada' ? 1 : 2 }]);
    }
    expect((await call(kept, 'run', 'update t set name = name || ?', ['!'])).changes).to.equal(2);
    expect(preparedCount(kept)).to.equal(3);
  });

  it('keeps at most as many as it is given, and what it let go of is prepared again when it comes back', async () => {
    for (let i = 0; i < 10; i++) await call(kept, 'all', `select ${i} as n`);
    expect(preparedCount(kept)).to.equal(3);
    expect((await call<{ n: number }[]>(kept, 'all', 'select 0 as n')).result).to.deep.equal([{ n: 0 }]);
    expect(PREPARED_STATEMENTS_KEPT).to.be.above(3);
  });

  it('fails as the driver does: a broken constraint, SQL it cannot read, an error while running', async () => {
    await call(plain, 'run', "insert into t (name) values ('ada')");
    const cases: Array<[string, unknown[]]> = [
      ['insert into t (name) values (?)', ['ada']],
      ['select nothing from nowhere', []],
      [OVERFLOW, []],
    ];
    for (const [sql, bindings] of cases) {
      for (const method of ['all', 'run'] as const) {
        const expected = await failure(call(plain, method, sql, bindings));
        // Twice: once as it is prepared, once as the kept statement would be run.
        expect(await failure(call(kept, method, sql, bindings)), `${method} ${sql}`).to.deep.equal(expected);
        expect(await failure(call(kept, method, sql, bindings)), `${method} ${sql} again`).to.deep.equal(expected);
      }
    }
  });

  it('a statement that failed leaves no old snapshot behind: writes made elsewhere since are read', async () => {
    await call(plain, 'run', "insert into t (name) values ('first')");
    await failure(call(kept, 'all', OVERFLOW));
    await call(plain, 'run', "insert into t (name) values ('later')");
    expect((await call<{ name: string }[]>(kept, 'all', 'select name from t order by id')).result).to.deep.equal([{ name: 'first' }, { name: 'later' }]);
    await call(kept, 'run', "insert into t (name) values ('mine')");
    expect((await call<{ n: number }[]>(plain, 'all', 'select count(*) as n from t')).result).to.deep.equal([{ n: 3 }]);
  });
});

describe('the read model on SQLite keeps its statements prepared', () => {
  let dir: string;
  let db: Db | undefined;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-statements-db-'));
  });
  afterEach(async () => {
    await db?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prepares a query once however often it runs, and closes with its statements kept', async () => {
    db = await openDb({ dataDir: dir });
    const conn = await db.client.acquireConnection();
    const before = preparedCount(conn);
    await db.client.releaseConnection(conn);
    for (let i = 0; i < 20; i++) await db('case_numbers').where({ definition_key: `k${i}` }).first();
    const after = await db.client.acquireConnection();
    expect(preparedCount(after) - before).to.equal(1);
    await db.client.releaseConnection(after);
    await db.destroy();
    db = undefined;
    // The driver refuses to close a connection whose statements are not finalized; reopening finds the file closed cleanly.
    db = await openDb({ dataDir: dir });
    expect(await db('case_numbers').count({ n: '*' }).first()).to.deep.equal({ n: 0 });
  });
});
