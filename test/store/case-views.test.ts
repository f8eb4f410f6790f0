/**
 * The read model as a fold of each case's trail, on SQLite and PostgreSQL: after every write the
 * stored view, notes and query tables equal a fresh fold of the trail on record, whether the
 * entries come one by one, in batches, replacing a dead task's, or after a view recorded before.
 */
import { expect } from 'chai';
import knex from 'knex';
import type { CaseRow, NewTrailEntry } from '../../common/case-types';
import type { LegacyCaseView } from '../../common/case-view';
import { readCaseView, listNotes } from '../../store/case-reads';
import { checkProjection } from '../../store/case-views';
import { saveCaseRecord } from '../../store/cases';
import { dbConfig, type Db } from '../../store/db';
import { migrationSource } from '../../store/migrations';
import { blankCase, foldTrail } from '../../store/projection';
import { quickCase } from '../fixtures/definitions';
import { lifecycleTrail, trailBuilder } from '../fixtures/trails';
import { forEachDatabase } from '../helpers/databases';
import { publishDefinition } from '../helpers/system';

let n = 0;
const newId = () => `quick-case-${String(++n).padStart(6, '0')}`;

const rowOf = (id: string, revision: number): CaseRow => ({
  id,
  number: Number(id.slice(-6)),
  definitionKey: 'quick-case',
  definitionVersion: 1,
  title: 'Housing support',
  team: 'team-a',
  phase: 'screening',
  status: 'open',
  openedAt: '2024-03-01T09:00:00.000Z',
  breached: false,
  revision,
  updatedAt: '2024-03-01T09:00:00.000Z',
});

/** A view as a run begun before the fold recorded it: every note in it. */
function legacyViewOf(id: string, entries: NewTrailEntry[]): LegacyCaseView {
  const { view, notes } = foldTrail(blankCase(rowOf(id, 0)), entries);
  const { noteCount: _count, ...rest } = view;
  return { ...rest, notes };
}

const PROJECTION_MIGRATION = '030-case-projection';

describe('case views: the read model folds each case from its trail', () => forEachDatabase((open, database) => {
  let db: Db;
  beforeEach(async () => {
    db = await open();
  });

  const save = (id: string, entries: NewTrailEntry[], writtenAt: number, legacy?: LegacyCaseView) => saveCaseRecord(db, rowOf(id, entries[entries.length - 1]?.seq ?? 0), entries, writtenAt, legacy);
  const expectFolded = async (id: string, when: string) => {
    const check = await checkProjection(db, id);
    expect(check.stored, when).to.deep.equal(check.folded);
  };

  it('keeps the view, notes and tables the fold of the trail after every write, one entry or many at a time', async () => {
    const trail = lifecycleTrail('x');
    for (const size of [1, 4, trail.length]) {
      const id = newId();
      const entries = lifecycleTrail(id);
      for (let i = 0; i < entries.length; i += size) {
        await save(id, entries.slice(i, i + size), 100 + i);
        await expectFolded(id, `batches of ${size}, after entry ${i + size}`);
      }
      const view = await readCaseView(db, id);
      expect(view).to.deep.include({ phase: 'closed', status: 'closed', closure: 'withdrawn', closeReason: 'Moved away', assignee: 'c.worker', noteCount: 2, breached: true, revision: trail.length, trailLength: trail.length });
      expect(view?.tasks.map((t) => [t.id, t.status])).to.deep.equal([['t1', 'done'], ['t2', 'cancelled'], ['t4', 'open']]);
      expect(view?.followUps.map((f) => [f.n, f.outcome ?? null, Boolean(f.cancelled)])).to.deep.equal([[1, 'replan', false], [2, null, true]]);
      expect(view?.deadlines).to.have.length(1);
      expect(view?.deadlines[0]).to.deep.include({ phase: 'assessment', reminded: true, breached: true, met: false });
      expect(view?.visits.map((v) => v.phase)).to.deep.equal(['screening', 'assessment', 'planning', 'implementation', 'follow_up', 'planning', 'approval', 'implementation', 'closed']);
      expect(view?.risk).to.deep.include({ level: 'high', computedLevel: 'moderate' });
      expect(view?.risk?.overrides).to.have.length(1);
      expect(view?.plan).to.deep.include({ goals: ['Stay housed'], approvedBy: 's.lind' });
      expect(view?.loops).to.deep.equal({ reassessments: 0, replans: 1 });
      expect(view?.documents.map((d) => d.id)).to.deep.equal(['d0123456789abcdef']);
      expect(view?.notes.map((x) => x.text)).to.deep.equal(['Called the landlord', 'Visit: all well – “housed”']);
      expect(view?.hold).to.equal(undefined);
    }
  });

  it("folds again from the start when a retried task's entries replace a dead task's", async () => {
    const id = newId();
    const entries = lifecycleTrail(id).slice(0, 17);
    await save(id, entries, 100);
    const dead = trailBuilder(id, entries[16].at, 18).add('note_added', { noteId: 'n9', text: 'From the task that died' }, 'c.worker').add('case_held', { reason: 'Died with it' }, 'm.jones').entries;
    await save(id, dead, 200);
    await expectFolded(id, 'after the dead task');
    const retried = trailBuilder(id, entries[16].at, 18).add('note_added', { noteId: 'n9', text: 'From the retried task' }, 'c.worker').entries;
    await save(id, retried, 300);
    await expectFolded(id, 'after the retried task');
    const view = await readCaseView(db, id);
    expect(view).to.deep.include({ status: 'open', noteCount: 1, trailLength: 18 });
    expect(view?.notes.map((x) => x.text)).to.deep.equal(['From the retried task']);
  });

  it('starts a case recorded before from the view it recorded, then folds what comes after', async () => {
    const id = newId();
    const entries = lifecycleTrail(id);
    const legacy = legacyViewOf(id, entries.slice(0, 20));
    await save(id, entries.slice(0, 20), 100, legacy);
    await expectFolded(id, 'with its base alone');
    for (let i = 20; i < entries.length; i += 5) {
      await save(id, entries.slice(i, i + 5), 100 + i);
      await expectFolded(id, `after entry ${i + 5}`);
    }
    expect(JSON.parse((await db('cases').where({ id }).first('base_view')).base_view)).to.deep.equal(legacy);
    // A dead task's entries past the base, replaced: folded again from the base.
    await save(id, trailBuilder(id, entries[entries.length - 1].at, entries.length + 1).add('note_added', { noteId: 'n40', text: 'dead' }, 'x').entries, 900);
    await save(id, trailBuilder(id, entries[entries.length - 1].at, entries.length + 1).add('report_produced', { cycleHours: 2 }).entries, 1000);
    await expectFolded(id, 'after the replaced tail');
    expect((await readCaseView(db, id))?.notes.map((x) => x.text)).to.deep.equal(['Called the landlord', 'Visit: all well – “housed”']);
  });

  it('shows the latest notes with the view, counts them all, and pages through them', async () => {
    const id = newId();
    const b = trailBuilder(id, '2024-03-01T09:00:00.000Z').add('case_opened', { title: 'Notes', definition: 'quick-case', version: 1, team: 'team-a' });
    for (let i = 1; i <= 25; i++) b.add('note_added', { noteId: `n${i}`, text: `Note ${i}` }, 'c.worker');
    await save(id, b.entries, 100);
    const view = await readCaseView(db, id);
    expect(view?.noteCount).to.equal(25);
    expect(view?.notes.map((x) => x.text)).to.deep.equal(Array.from({ length: 10 }, (_, i) => `Note ${i + 16}`));
    expect((await listNotes(db, id, { limit: 10 })).map((x) => x.position)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect((await listNotes(db, id, { after: 20, limit: 10 })).map((x) => x.text)).to.deep.equal(['Note 21', 'Note 22', 'Note 23', 'Note 24', 'Note 25']);
  });

  it('works out the plan to start from when read: the template of the case version and its risk level', async () => {
    await publishDefinition(db, quickCase);
    const id = newId();
    const entries = lifecycleTrail(id).slice(0, 10);
    await save(id, entries, 100);
    expect((await readCaseView(db, id))?.proposedPlan).to.deep.equal({ goals: ['Reduce risk'], tasks: [{ title: 'Make a safety plan', role: 'case_manager', due: 'P3D', required: true }], approvalRequired: false });
    await save(id, lifecycleTrail(id).slice(10, 12), 200);
    expect((await readCaseView(db, id))?.proposedPlan?.goals).to.deep.equal(['Secure housing', 'Reduce risk']);
    await save(id, lifecycleTrail(id).slice(12, 16), 300);
    expect((await readCaseView(db, id))?.proposedPlan).to.equal(undefined);
  });

  it('keeps the tables a work list reads: open tasks by assignee, by role and team, by due time', async () => {
    const ids = [newId(), newId()];
    // Up to the follow-up that sends the case back to planning: its weekly visit is still open.
    for (const id of ids) await save(id, lifecycleTrail(id).slice(0, 27), 100);
    const open = await db('case_tasks').where({ status: 'open', role: 'caseworker', team: 'team-a' }).orderBy(['due_at', 'case_id']).select('case_id', 'task_id');
    expect(open).to.deep.equal(ids.map((id) => ({ case_id: id, task_id: 't2' })));
    const mine = await db('case_tasks').where({ status: 'open', assignee: 'c.worker' }).select('task_id');
    expect(mine).to.deep.equal([]);
    // The new plan cancels the visit and gives a task to c.worker.
    await save(ids[0], lifecycleTrail(ids[0]).slice(27), 200);
    expect(await db('case_tasks').where({ status: 'open', assignee: 'c.worker' }).select('case_id', 'task_id')).to.deep.equal([{ case_id: ids[0], task_id: 't4' }]);
    expect(await db('case_tasks').where({ status: 'open', role: 'caseworker', team: 'team-a' }).select('case_id')).to.deep.equal([{ case_id: ids[1] }]);
    const visits = await db('case_visits').where({ case_id: ids[0] }).orderBy('position').select('phase');
    expect(visits.map((v: { phase: string }) => v.phase).at(-1)).to.equal('closed');
    expect(await db('case_follow_ups').where({ case_id: ids[1] }).count({ n: '*' })).to.deep.equal([{ n: database.kind === 'postgres' ? '1' : 1 }]);
  });

  it('folds the cases recorded before when the schema moves on, and gives their views back their notes when it moves back', async () => {
    const raw = knex(dbConfig(await database.options()));
    try {
      await raw.migrate.latest({ migrationSource });
      // The migration that brought the fold in, undone and done again whatever came after it.
      await raw.migrate.down({ migrationSource, name: PROJECTION_MIGRATION });
      const [withView, withoutView] = [newId(), newId()];
      for (const [id, legacy] of [[withView, true], [withoutView, false]] as const) {
        const entries = lifecycleTrail(id).slice(0, 24);
        const row = rowOf(id, 24);
        await raw('cases').insert({ id, number: row.number, definition_key: row.definitionKey, definition_version: 1, title: row.title, team: row.team, phase: 'implementation', status: 'open', opened_at: row.openedAt, breached: true, revision: 24, updated_at: row.updatedAt, ...(legacy ? { view: JSON.stringify(legacyViewOf(id, entries)) } : {}) });
        await raw('case_events').insert(entries.map((e) => ({ case_id: id, seq: e.seq, type: e.type, actor: e.actor, at: e.at, data: JSON.stringify(e.data), prev_hash: '', hash: '' })));
      }
      await raw.migrate.up({ migrationSource, name: PROJECTION_MIGRATION });
      for (const id of [withView, withoutView]) {
        const check = await checkProjection(raw, id);
        expect(check.stored, id).to.deep.equal(check.folded);
        expect(await readCaseView(raw, id)).to.deep.include({ phase: 'implementation', noteCount: 1, trailLength: 24 });
      }
      await raw.migrate.down({ migrationSource, name: PROJECTION_MIGRATION });
      const back = JSON.parse((await raw('cases').where({ id: withoutView }).first('view')).view);
      expect(back.notes.map((x: { text: string }) => x.text)).to.deep.equal(['Called the landlord']);
    } finally {
      await raw.destroy();
    }
  });
}));
