/**
 * The trail's hash chain on PostgreSQL with writers at once: many overlapping writes of one case's
 * entries, from two connection pools as two workers would send them, each through the store
 * function the recording activity calls. The chain holds, entries stay numbered without a gap, and
 * the latest workflow task's entries win.
 */
import { expect } from 'chai';
import knex from 'knex';
import type { NewTrailEntry } from '../../common/case-types';
import { saveCaseRecord } from '../../store/cases';
import { dbConfig, type Db } from '../../store/db';
import { readTrail, verifyChain } from '../../store/trail';
import { caseRow, caseView, OPENED } from '../fixtures/reports';
import { createDatabase, dropDatabase } from '../helpers/postgres';

describe('trail on PostgreSQL: concurrent writers to one case from two connections', () => {
  let url: string;
  let pools: Db[] = [];
  before(async () => {
    url = await createDatabase();
    pools = [knex(dbConfig({ dataDir: '', databaseUrl: url })), knex(dbConfig({ dataDir: '', databaseUrl: url }))];
  });
  after(async () => {
    await Promise.all(pools.map((p) => p.destroy()));
    await dropDatabase(url);
  });

  it('keeps the chain whole through 48 overlapping writes at once, the latest task winning each entry', async () => {
    for (let round = 1; round <= 5; round++) {
      const view = caseView({ id: `quick-case-${String(round).padStart(6, '0')}`, openedAt: OPENED, legs: [{ phase: 'screening', hours: 1 }] });
      const entry = (seq: number, by: number) => ({ caseId: view.id, seq, type: by % 2 ? 'custom_a' : 'custom_b', actor: 'j.meyer', at: `2024-03-01T10:00:${String(seq).padStart(2, '0')}.000Z`, data: { by } }) as unknown as NewTrailEntry;
      await saveCaseRecord(pools[0], caseRow(view), [entry(1, 0)], 100);
      // Writer i is the task at time 200 + (i % 6) * 100, writing entries 2 to 2 + i % 4.
      const writers = Array.from({ length: 48 }, (_, i) => ({ i, writtenAt: 200 + (i % 6) * 100, last: 2 + (i % 4) }));
      await Promise.all(writers.map((w) => saveCaseRecord(pools[w.i % 2], { ...caseRow(view), revision: w.writtenAt }, Array.from({ length: w.last - 1 }, (_, k) => entry(k + 2, w.writtenAt)), w.writtenAt)));
      const trail = await readTrail(pools[1], view.id);
      expect(verifyChain(trail), `round ${round}`).to.include({ valid: true });
      expect(trail.map((e) => e.seq), `round ${round}`).to.deep.equal(Array.from({ length: trail.length }, (_, k) => k + 1));
      // The latest task (700) wrote entries 2 to 5 among its writers; each of them is that task's.
      const latest = Math.max(...writers.map((w) => w.writtenAt));
      for (const e of trail.slice(1)) expect(e.data, `round ${round} seq ${e.seq}`).to.deep.equal({ by: latest });
    }
  });
});
