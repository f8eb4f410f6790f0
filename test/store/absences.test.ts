/** Absences whose work is to be handed back as they begin, and migration 150's marks, on SQLite and PostgreSQL. */
import { expect } from 'chai';
import knex from 'knex';
import { dbConfig } from '../../store/db';
import { migrationSource } from '../../store/migrations';
import { absencesToHandBack, addAbsence, awaitsHandBack, markHandedBack, removeAbsence } from '../../store/people';
import { forEachDatabase } from '../helpers/databases';

const NOW = new Date('2026-12-10T08:00:00Z');

describe('absences to hand back', () => forEachDatabase((open, database) => {
  const absence = (userId: string, startsOn: string, endsOn: string) => ({ userId, startsOn, endsOn, reason: 'Leave', createdBy: 'admin' });

  it('lists the absences begun by today and not over whose work is not handed back yet, each until it is marked; a removed one is gone', async () => {
    const db = await open();
    const begun = await addAbsence(db, absence('ann', '2026-12-10', '2026-12-12'), new Date('2026-12-01T00:00:00Z'));
    const earlier = await addAbsence(db, { ...absence('bo', '2026-12-08', '2026-12-10'), delegate: 'ann' }, new Date('2026-12-01T00:00:00Z'));
    await addAbsence(db, absence('cy', '2026-12-11', '2026-12-12'), NOW);
    await addAbsence(db, absence('di', '2026-12-01', '2026-12-09'), NOW);
    const removed = await addAbsence(db, absence('ed', '2026-12-10', '2026-12-10'), new Date('2026-12-01T00:00:00Z'));
    expect(await removeAbsence(db, 'ed', removed.id)).to.equal(true);

    const due = await absencesToHandBack(db, NOW);
    expect(due.map((a) => [a.userId, a.delegate])).to.deep.equal([['ann', undefined], ['bo', 'ann']]);
    expect(await awaitsHandBack(db, begun.id)).to.equal(true);
    expect(await markHandedBack(db, begun.id, NOW)).to.equal(true);
    expect(await awaitsHandBack(db, begun.id)).to.equal(false);
    expect((await absencesToHandBack(db, NOW)).map((a) => a.id)).to.deep.equal([earlier.id]);
    expect(await markHandedBack(db, removed.id, NOW)).to.equal(false);
    expect(await awaitsHandBack(db, removed.id)).to.equal(false);
  });

  it('marks, as it adds the column, the absences that had begun when they were recorded, and leaves those recorded ahead to the sweep', async () => {
    const db = knex(dbConfig(await database.options()));
    try {
      const all = await migrationSource.getMigrations([]);
      for (const _ of all.slice(0, all.indexOf('150-absence-hand-back'))) await db.migrate.up({ migrationSource });
      const row = (user_id: string, starts_on: string, created_at: string) => ({ user_id, starts_on, ends_on: '2026-12-31', reason: 'Leave', created_by: 'admin', created_at });
      await db('person_absences').insert([row('same-day', '2026-12-01', '2026-12-01T09:00:00.000Z'), row('before', '2026-11-20', '2026-12-01T09:00:00.000Z'), row('ahead', '2026-12-05', '2026-12-01T09:00:00.000Z')]);
      await db.migrate.latest({ migrationSource });
      const marks = await db('person_absences').orderBy('user_id').select('user_id', 'handed_back_at');
      expect(marks).to.deep.equal([
        { user_id: 'ahead', handed_back_at: null },
        { user_id: 'before', handed_back_at: '2026-12-01T09:00:00.000Z' },
        { user_id: 'same-day', handed_back_at: '2026-12-01T09:00:00.000Z' },
      ]);
    } finally {
      await db.destroy();
    }
  });
}));
