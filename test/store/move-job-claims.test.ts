/**
 * Claims on move jobs, with a pool per process as processes have: of several claiming a free job at
 * once one wins; a held claim is renewed by its runner alone; a claim that ran out is taken over;
 * a job given back, or with no case pending, is listed or not as it should be.
 */
import { expect } from 'chai';
import knex from 'knex';
import { dbConfig, migrateLatest, type Db } from '../../store/db';
import { claimMoveJob, createMoveJob, moveJobClaimed, releaseMoveJob, setMoveResult, unfinishedMoveJobs } from '../../store/version-moves';
import { forEachDatabase } from '../helpers/databases';

describe('move job claims', () => forEachDatabase((_open, database) => {
  let pools: Db[] = [];
  afterEach(async () => {
    await Promise.all(pools.map((p) => p.destroy()));
    pools = [];
  });

  it('lets one of several processes claim a free job, keeps it theirs while it holds, and frees it when it runs out or is given back', async () => {
    const options = await database.options();
    pools = [0, 1, 2].map(() => knex(dbConfig(options)));
    await migrateLatest(pools[0]);
    const actor = { id: 'designer-1', roles: ['designer' as const], teams: ['team-a'] };
    const jobId = await createMoveJob(pools[0], { definitionKey: 'quick-case', fromVersion: 1, toVersion: 2, reason: 'r', actor, createdAt: new Date().toISOString() }, ['quick-case-000001', 'quick-case-000002']);
    const now = Date.now();
    expect(await unfinishedMoveJobs(pools[0], now)).to.deep.equal([jobId]);

    const won = await Promise.all(pools.map((p, i) => claimMoveJob(p, jobId, `runner-${i}`, now, now + 1000)));
    expect(won.filter(Boolean)).to.have.length(1);
    const holder = won.indexOf(true);
    const other = (holder + 1) % pools.length;
    expect(await moveJobClaimed(pools[0], jobId, now + 500)).to.equal(true);
    expect(await unfinishedMoveJobs(pools[0], now + 500)).to.deep.equal([]);
    expect(await claimMoveJob(pools[other], jobId, `runner-${other}`, now + 500, now + 1500)).to.equal(false);
    expect(await claimMoveJob(pools[holder], jobId, `runner-${holder}`, now + 500, now + 1500)).to.equal(true);

    // Not renewed in time (its process died): another takes it over.
    expect(await unfinishedMoveJobs(pools[0], now + 2000)).to.deep.equal([jobId]);
    expect(await claimMoveJob(pools[other], jobId, `runner-${other}`, now + 2000, now + 3000)).to.equal(true);
    await releaseMoveJob(pools[0], jobId, `runner-${holder}`);
    expect(await moveJobClaimed(pools[0], jobId, now + 2500), 'only the holder gives a job back').to.equal(true);
    await releaseMoveJob(pools[0], jobId, `runner-${other}`);
    expect(await moveJobClaimed(pools[0], jobId, now + 2500)).to.equal(false);

    for (const caseId of ['quick-case-000001', 'quick-case-000002']) await setMoveResult(pools[0], jobId, caseId, 'moved');
    expect(await unfinishedMoveJobs(pools[0], now + 2500), 'a job with no case pending is done').to.deep.equal([]);
  });
}));
