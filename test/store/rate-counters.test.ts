/** Counts in fixed windows shared by API processes, on SQLite and PostgreSQL. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import sqlite3 from 'sqlite3';
import { countersFile, openDb, type Db } from '../../store/db';
import { decrementCounter, incrementCounter, pruneCounters } from '../../store/rate-counters';
import { forEachDatabase } from '../helpers/databases';

describe('rate counters', () => forEachDatabase((open) => {
  let db: Db;
  beforeEach(async () => {
    db = await open();
  });

  it('counts hits in a window, starts a new window once it ends, and takes a hit back', async () => {
    expect(await incrementCounter(db, 'rate:k1', 60_000, 1_000)).to.deep.equal({ hits: 1, resetsAt: 61_000 });
    expect(await incrementCounter(db, 'rate:k1', 60_000, 2_000)).to.deep.equal({ hits: 2, resetsAt: 61_000 });
    await decrementCounter(db, 'rate:k1');
    expect(await incrementCounter(db, 'rate:k1', 60_000, 3_000)).to.deep.equal({ hits: 2, resetsAt: 61_000 });
    expect(await incrementCounter(db, 'rate:k2', 60_000, 3_000)).to.deep.equal({ hits: 1, resetsAt: 63_000 });
    expect(await incrementCounter(db, 'rate:k1', 60_000, 61_000)).to.deep.equal({ hits: 1, resetsAt: 121_000 });
    expect(await pruneCounters(db, 100_000)).to.equal(1);
  });

  it('counts every one of many hits sent at once', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, () => incrementCounter(db, 'rate:burst', 60_000, 5_000)));
    expect(results.map((r) => r.hits).sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 40 }, (_, i) => i + 1));
  });
}));

describe('rate counters on SQLite, in a file of their own', () => {
  let dir: string;
  let db: Db;
  let other: sqlite3.Database;
  const run = (sql: string) => new Promise<void>((resolve, reject) => other.run(sql, (err) => (err ? reject(err) : resolve())));
  /** Holds `file`'s write lock, as another process's transaction would, while `work` runs: whether `work` ended before the lock was let go. */
  const whileLocked = async (file: string, work: () => Promise<unknown>) => {
    other = await new Promise<sqlite3.Database>((resolve, reject) => {
      const conn = new sqlite3.Database(file, (err) => (err ? reject(err) : resolve(conn)));
    });
    await run('BEGIN IMMEDIATE');
    let done = false;
    const working = work().then(() => {
      done = true;
    });
    // Let go once the work is done, or after a while: waiting on the lock, it ends only after that.
    const deadline = Date.now() + 3_000;
    while (!done && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const endedWhileLocked = done;
    await run('COMMIT');
    await working;
    await new Promise<void>((resolve) => other.close(() => resolve()));
    return endedWhileLocked;
  };
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-counters-'));
    db = await openDb({ dataDir: dir });
  });
  afterEach(async () => {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('counts a request while a case is being written, and writes a case while requests are counted', async () => {
    const readModel = path.join(dir, 'cases.db');
    expect(countersFile(readModel)).to.equal(path.join(dir, 'cases-counters.db'));
    expect(await whileLocked(readModel, () => incrementCounter(db, 'rate:k1', 60_000, 1_000))).to.equal(true);
    expect(await whileLocked(countersFile(readModel), () => db('case_numbers').insert({ definition_key: 'quick-case', last_number: 1 }))).to.equal(true);
    expect(await incrementCounter(db, 'rate:k1', 60_000, 2_000)).to.deep.equal({ hits: 2, resetsAt: 61_000 });
  });

  it('shares the counts between processes, and makes their file anew when it is missing', async () => {
    const second = await openDb({ dataDir: dir });
    try {
      await incrementCounter(db, 'rate:k1', 60_000, 1_000);
      expect(await incrementCounter(second, 'rate:k1', 60_000, 1_500)).to.deep.equal({ hits: 2, resetsAt: 61_000 });
    } finally {
      await second.destroy();
    }
    await db.destroy();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${countersFile(path.join(dir, 'cases.db'))}${suffix}`, { force: true });
    db = await openDb({ dataDir: dir });
    expect(await incrementCounter(db, 'rate:k1', 60_000, 2_000)).to.deep.equal({ hits: 1, resetsAt: 62_000 });
  });
});
