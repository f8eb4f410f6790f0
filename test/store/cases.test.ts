/** The read model's case rows and case numbers, on SQLite and PostgreSQL. */
import { expect } from 'chai';
import type { CaseRow } from '../../common/case-types';
import { caseClocks } from '../../common/clocks';
import { caseRecordColumns, getCaseRow, getCaseView, nextCaseNumber, reserveCaseNumber, saveCaseRecord, type OpenRequestKey } from '../../store/cases';
import { CASE_SORTS, listCases, sortPosition, type CaseSort } from '../../store/case-list';
import type { Db } from '../../store/db';
import { caseView, OPENED } from '../fixtures/reports';
import { forEachDatabase } from '../helpers/databases';

const row = (n: number, overrides: Partial<CaseRow> = {}): CaseRow => ({
  id: `quick-case-${String(n).padStart(6, '0')}`,
  number: n,
  definitionKey: 'quick-case',
  definitionVersion: 1,
  title: `Case ${n}`,
  team: 'team-a',
  phase: 'screening',
  status: 'open',
  openedAt: `2024-03-${String(n).padStart(2, '0')}T09:00:00.000Z`,
  breached: false,
  urgency: 0,
  revision: 1,
  updatedAt: '2024-03-01T09:00:00.000Z',
  ...overrides,
});

describe('case store: rows, lists and numbers', () => forEachDatabase((open) => {
  let db: Db;
  beforeEach(async () => {
    db = await open();
  });

  it('reads a row back as it was saved, every field with its type', async () => {
    const full = row(1, {
      subject: 'Ada Lovelace',
      phase: 'implementation',
      riskLevel: 'high',
      riskScore: 10.5,
      assignee: 'sam',
      dueAt: '2024-03-08T09:00:00.000Z',
      breached: true,
      urgency: 45,
      calendarKey: 'uk-england',
      calendarVersion: 2,
      revision: 7,
    });
    const bare = row(2, { status: 'closed', phase: 'closed', closure: 'withdrawn', closedAt: '2024-03-03T09:00:00.000Z' });
    await saveCaseRecord(db, full, []);
    await saveCaseRecord(db, bare, []);
    // A missing field reads back as undefined.
    const present = (r: CaseRow | undefined) => r && Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined));
    expect(present(await getCaseRow(db, full.id))).to.deep.equal(full);
    expect(present(await getCaseRow(db, bare.id))).to.deep.equal(bare);
    expect(await getCaseRow(db, 'quick-case-999999')).to.equal(undefined);
  });

  it('gives a bulk writer of rows the very row saveCaseRecord stores for a case without entries', async () => {
    const saved = row(1, { subject: 'Ada Lovelace', phase: 'implementation', riskLevel: 'high', riskScore: 7.5, assignee: 'sam', dueAt: '2024-03-08T09:00:00.000Z', breached: true });
    const inserted = { ...saved, id: 'quick-case-bulk' };
    await saveCaseRecord(db, saved, [], 100, undefined, 'origin-1');
    await db('cases').insert(caseRecordColumns(inserted, 100, 'origin-1'));
    const stored = async (id: string) => {
      const { id: _id, ...rest } = await db('cases').where({ id }).first();
      return rest;
    };
    const expected = await stored(saved.id);
    expect(expected).to.include({ origin: 'origin-1', title: 'Case 1', view: null });
    expect(await stored(inserted.id)).to.deep.equal(expected);
    expect(await getCaseRow(db, inserted.id)).to.deep.equal(await getCaseRow(db, saved.id).then((r) => r && { ...r, id: inserted.id }));
  });

  it('keeps the view recorded with the row, and none for a row recorded without one', async () => {
    const view = caseView({ id: row(1).id, openedAt: OPENED, legs: [{ phase: 'screening', hours: 1 }], overrides: { title: 'Überstunden – Beschwerde' } });
    await saveCaseRecord(db, row(1), [], 100, view);
    await saveCaseRecord(db, row(2), [], 100);
    // The clocks are made when the view is read.
    expect(await getCaseView(db, row(1).id)).to.deep.equal({ ...JSON.parse(JSON.stringify(view)), clocks: caseClocks(view) });
    expect(await getCaseView(db, row(2).id)).to.equal(undefined);
  });

  it('lets a later revision replace the row and never an earlier one', async () => {
    await saveCaseRecord(db, row(1, { phase: 'assessment', revision: 3 }), [], 100);
    await saveCaseRecord(db, row(1, { phase: 'screening', revision: 2 }), [], 100);
    expect((await getCaseRow(db, row(1).id))?.phase).to.equal('assessment');
    await saveCaseRecord(db, row(1, { phase: 'planning', revision: 4 }), [], 100);
    expect((await getCaseRow(db, row(1).id))?.phase).to.equal('planning');
  });

  it('lists newest first, by each filter, and pages by position without losing or repeating a row', async () => {
    const rows = [
      row(1, { phase: 'assessment', riskLevel: 'low', assignee: 'sam' }),
      row(2, { phase: 'planning', riskLevel: 'high', team: 'team-b' }),
      row(3, { status: 'closed', phase: 'closed', definitionKey: 'hr-grievance', id: 'hr-grievance-000003' }),
      // Opened at the same moment: the id decides.
      row(4, { openedAt: '2024-03-05T09:00:00.000Z' }),
      row(5),
    ];
    for (const r of rows) await saveCaseRecord(db, r, []);
    const ids = async (f: Partial<Parameters<typeof listCases>[1]>) => (await listCases(db, { limit: 50, ...f })).map((r) => r.id);
    expect(await ids({})).to.deep.equal(['quick-case-000005', 'quick-case-000004', 'hr-grievance-000003', 'quick-case-000002', 'quick-case-000001']);
    expect(await ids({ phase: 'planning' })).to.deep.equal(['quick-case-000002']);
    expect(await ids({ risk: 'low' })).to.deep.equal(['quick-case-000001']);
    expect(await ids({ status: 'closed' })).to.deep.equal(['hr-grievance-000003']);
    expect(await ids({ assignee: 'sam' })).to.deep.equal(['quick-case-000001']);
    expect(await ids({ definition: 'hr-grievance' })).to.deep.equal(['hr-grievance-000003']);
    expect(await ids({ team: 'team-b' })).to.deep.equal(['quick-case-000002']);
    expect(await ids({ teams: ['team-b', 'team-c'] })).to.deep.equal(['quick-case-000002']);
    expect(await ids({ teams: [] })).to.deep.equal([]);

    const paged: string[] = [];
    let after: { value: string; id: string } | undefined;
    for (;;) {
      const page = await listCases(db, { limit: 2, after });
      if (page.length === 0) break;
      paged.push(...page.map((r) => r.id));
      after = sortPosition(page[page.length - 1]);
    }
    expect(paged).to.deep.equal(await ids({}));
  });

  it('finds text in the id, title or subject in any letter case, with % and _ taken as letters', async () => {
    await saveCaseRecord(db, row(1, { title: 'Rent arrears', subject: 'Ada Lovelace' }), []);
    await saveCaseRecord(db, row(2, { title: 'Shift allocation', subject: 'Sam Lee' }), []);
    await saveCaseRecord(db, row(3, { title: '100% discount_code' }), []);
    const ids = async (q: string) => (await listCases(db, { limit: 50, q })).map((r) => r.id);
    expect(await ids('ARREARS')).to.deep.equal(['quick-case-000001']);
    expect(await ids('lovelace')).to.deep.equal(['quick-case-000001']);
    expect(await ids('case-000002')).to.deep.equal(['quick-case-000002']);
    expect(await ids('0% d')).to.deep.equal(['quick-case-000003']);
    expect(await ids('t_c')).to.deep.equal(['quick-case-000003']);
    expect(await ids('%')).to.deep.equal(['quick-case-000003']);
    expect(await ids('nobody')).to.deep.equal([]);
  });

  it('sorts by due time, update time and title either way, keeps cases with nothing due last, and pages each order whole', async () => {
    const rows = [
      row(1, { dueAt: '2024-04-03T09:00:00.000Z', title: 'Bravo', updatedAt: '2024-03-09T00:00:00.000Z' }),
      row(2, { title: 'alpha', updatedAt: '2024-03-08T00:00:00.000Z' }),
      row(3, { dueAt: '2024-04-01T09:00:00.000Z', title: 'Charlie', updatedAt: '2024-03-07T00:00:00.000Z' }),
      row(4, { dueAt: '2024-04-01T09:00:00.000Z', title: 'Delta', updatedAt: '2024-03-07T00:00:00.000Z' }),
      row(5, { title: 'Echo', updatedAt: '2024-03-10T00:00:00.000Z' }),
    ];
    for (const r of rows) await saveCaseRecord(db, r, []);
    const n = (ids: CaseRow[]) => ids.map((r) => r.number);
    const all = async (sort: CaseSort) => n(await listCases(db, { limit: 50, sort }));
    expect(await all('dueAt')).to.deep.equal([3, 4, 1, 2, 5]);
    expect(await all('-dueAt')).to.deep.equal([5, 2, 1, 4, 3]);
    expect(await all('-updatedAt')).to.deep.equal([5, 1, 2, 4, 3]);
    expect(await all('updatedAt')).to.deep.equal([3, 4, 2, 1, 5]);
    expect(await all('openedAt')).to.deep.equal([1, 2, 3, 4, 5]);
    for (const sort of CASE_SORTS) {
      const paged: number[] = [];
      let after: { value: string; id: string } | undefined;
      for (let guard = 0; guard < 10; guard++) {
        const page = await listCases(db, { limit: 2, sort, after });
        if (page.length === 0) break;
        paged.push(...n(page));
        after = sortPosition(page[page.length - 1], sort);
      }
      expect(paged, sort).to.deep.equal(await all(sort));
    }
  });

  it('keeps only cases with something due in the window', async () => {
    await saveCaseRecord(db, row(1, { dueAt: '2024-04-01T09:00:00.000Z' }), []);
    await saveCaseRecord(db, row(2, { dueAt: '2024-04-02T09:00:00.000Z' }), []);
    await saveCaseRecord(db, row(3), []);
    const ids = async (f: { dueBefore?: string; dueAfter?: string }) => n((await listCases(db, { limit: 50, ...f })));
    const n = (rows: CaseRow[]) => rows.map((r) => r.number);
    expect(await ids({ dueBefore: '2024-04-02T09:00:00.000Z' })).to.deep.equal([1]);
    expect(await ids({ dueAfter: '2024-04-02T09:00:00.000Z' })).to.deep.equal([2]);
    expect(await ids({ dueAfter: '2024-04-01T00:00:00.000Z', dueBefore: '2024-04-03T00:00:00.000Z' })).to.deep.equal([2, 1]);
  });

  it('numbers the cases of each definition from 1, one number each', async () => {
    expect([await nextCaseNumber(db, 'quick-case'), await nextCaseNumber(db, 'quick-case'), await nextCaseNumber(db, 'hr-grievance')]).to.deep.equal([1, 2, 1]);
  });

  it('hands out distinct numbers to cases opened at the same time', async () => {
    const numbers = await Promise.all(Array.from({ length: 20 }, () => nextCaseNumber(db, 'quick-case')));
    expect([...numbers].sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  const idOf = (n: number) => `quick-case-${String(n).padStart(6, '0')}`;
  const TIMES = { now: new Date().toISOString(), expiredBefore: '2000-01-01T00:00:00.000Z' };
  const reserve = (overrides: Partial<OpenRequestKey> = {}) =>
    reserveCaseNumber(db, { actorId: 'sam', key: 'key-1', definitionKey: 'quick-case', requestHash: 'a'.repeat(64), ...overrides }, idOf, TIMES, `origin-${Math.random()}`);
  const numbers = (r: { number: number; fresh: boolean }) => ({ number: r.number, fresh: r.fresh });

  it('gives a retried open request the number its first attempt took, and no other request that number', async () => {
    const first = await reserve();
    const again = await reserve();
    const other = await reserve({ actorId: 'ann' });
    const otherBody = await reserve({ requestHash: 'b'.repeat(64) });
    expect([first, again, other, otherBody].map(numbers)).to.deep.equal([
      { number: 1, fresh: true },
      { number: 1, fresh: false },
      { number: 2, fresh: true },
      { number: 3, fresh: true },
    ]);
    expect(again.origin).to.equal(first.origin);
  });

  it('opens one case for a request sent many times at the same time', async () => {
    await nextCaseNumber(db, 'quick-case');
    // Connections at the ready, so that the requests really run side by side.
    await Promise.all(Array.from({ length: 8 }, () => db.raw('select 1')));
    for (let round = 1; round <= 5; round++) {
      const answers = await Promise.all(Array.from({ length: 8 }, () => reserve({ key: `key-${round}` })));
      expect(new Set(answers.map((a) => a.number)).size, `round ${round}`).to.equal(1);
      expect(answers.filter((a) => a.fresh), `round ${round}`).to.have.length(1);
    }
  });
}));
