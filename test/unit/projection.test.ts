/** The fold of a trail into a case's view, as a pure function. */
import { expect } from 'chai';
import fc from 'fast-check';
import type { NewTrailEntry } from '../../common/case-types';
import { blankCase, foldTrail, type Fold } from '../../store/projection';
import { changedKeys, PROJECTED_TABLES, tableRows } from '../../store/projection-tables';
import { lifecycleTrail, trailBuilder } from '../fixtures/trails';

const ID = 'quick-case-000001';
const start = (at: string) => blankCase({ id: ID, number: 1, title: 'x', team: 'team-a', definitionKey: 'quick-case', definitionVersion: 1, openedAt: at });
const foldAll = (entries: NewTrailEntry[]) => foldTrail(start(entries[0].at), entries);

/** Folds the entries in pieces cut at `cuts`, each piece from the view the one before left. */
function foldInPieces(entries: NewTrailEntry[], cuts: number[]): Fold {
  let view = start(entries[0].at);
  const notes = [];
  for (const [from, to] of [0, ...cuts, entries.length].map((c, i, all) => [c, all[i + 1]]).slice(0, -1)) {
    const fold = foldTrail(view, entries.slice(from, to));
    view = fold.view;
    notes.push(...fold.notes);
  }
  return { view, notes };
}

describe('projection: the fold of a trail', () => {
  it('gives the same view, notes and table rows however the trail is cut into writes', () => {
    const entries = lifecycleTrail(ID);
    const whole = foldAll(entries);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: entries.length - 1 }), { maxLength: 8 }), (cuts) => {
        const pieces = foldInPieces(entries, [...cuts].sort((a, b) => a - b));
        expect(pieces).to.deep.equal(whole);
        expect([...tableRows(pieces.view).case_tasks]).to.deep.equal([...tableRows(whole.view).case_tasks]);
      }),
      { numRuns: 50 },
    );
  });

  it('names every table row a write changes, and of the visits only the new ones and the end that stood alone until then', () => {
    // The case's life, then a long run of follow-ups, each leaving implementation and entering it again.
    const lived = lifecycleTrail(ID);
    const life = lived.slice(0, lived.findIndex((e) => e.type === 'phase_entered' && (e.data as { phase: { name: string } }).phase.name === 'closed'));
    const loop = trailBuilder(ID, life[life.length - 1].at, life.length + 1);
    for (let n = 3; n < 15; n++) {
      loop.add('phase_entered', { phase: { name: 'implementation', previous: 'implementation' } }, 'system', 24);
      loop.add('follow_up_scheduled', { n, cadence: 'P7D', due: loop.at(168) }, 'system', 0);
    }
    const entries = [...life, ...loop.entries];
    const whole = foldAll(entries);
    const ends = whole.view.visits.filter((v) => v.leftAt);
    expect(ends.length - new Set(ends.map((v) => v.phase)).size, 'the trail leaves some phase more than once').to.be.greaterThan(0);
    for (let cut = 1; cut < entries.length; cut++) {
      const before = foldAll(entries.slice(0, cut)).view;
      const added = entries.slice(cut, cut + 3);
      const after = foldTrail(before, added).view;
      const keys = changedKeys(before, after, added);
      const rowsBefore = tableRows(before);
      const rowsAfter = tableRows(after);
      for (const table of PROJECTED_TABLES) {
        // What the write leaves: the rows before, with those of the named keys written as they are now.
        const written = new Map(rowsBefore[table]);
        for (const k of keys[table]) if (rowsAfter[table].has(k)) written.set(k, rowsAfter[table].get(k)!);
        expect(Object.fromEntries(written), `${table} after entry ${cut}`).to.deep.equal(Object.fromEntries(rowsAfter[table]));
      }
      expect(keys.case_visits.size, `visits named after entry ${cut}`).to.be.at.most(after.visits.length - before.visits.length + 2);
    }
  });

  it('leaves the view it starts from as it was', () => {
    const entries = lifecycleTrail(ID);
    const first = foldAll(entries.slice(0, 20));
    const copy = JSON.parse(JSON.stringify(first.view));
    foldTrail(first.view, entries.slice(20));
    expect(first.view).to.deep.equal(copy);
  });

  it('moves due times on resume to the times the entry names, or by the hold in entries that name none', () => {
    const entries = lifecycleTrail(ID);
    const resumed = entries.findIndex((e) => e.type === 'case_resumed');
    const named = foldAll(entries.slice(0, resumed + 1)).view;
    const old = entries.slice(0, resumed + 1).map((e) => (e.type === 'case_resumed' ? { ...e, data: { heldMs: e.data.heldMs } } : e));
    const shifted = foldAll(old).view;
    expect(shifted.followUps).to.deep.equal(named.followUps);
    expect(shifted.tasks.map((t) => t.due)).to.deep.equal(named.tasks.map((t) => t.due));
    expect(named).to.deep.include({ status: 'open' });
    expect(named.hold).to.equal(undefined);
  });

  it('goes on past an entry whose data it cannot read, and past types it does not know', () => {
    const b = trailBuilder(ID, '2024-03-01T09:00:00.000Z').add('case_opened', { title: 'x', definition: 'quick-case', version: 1 });
    const odd = [...b.entries, { ...b.entries[0], seq: 2, type: 'phase_entered', data: {} }, { ...b.entries[0], seq: 3, type: 'something_else', data: {} }] as NewTrailEntry[];
    const after = trailBuilder(ID, '2024-03-01T10:00:00.000Z', 4).add('note_added', { noteId: 'n1', text: 'still folded' }).entries;
    const { view, notes } = foldAll([...odd, ...after]);
    expect(view).to.deep.include({ trailLength: 4, noteCount: 1 });
    expect(notes.map((x) => x.text)).to.deep.equal(['still folded']);
  });
});
