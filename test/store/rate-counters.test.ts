/** Counts in fixed windows shared by API processes, on SQLite and PostgreSQL. */
import { expect } from 'chai';
import type { Db } from '../../store/db';
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
