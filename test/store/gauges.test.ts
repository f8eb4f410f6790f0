/** The case gauges an operator watches, counted in SQL on SQLite and PostgreSQL. */
import { expect } from 'chai';
import type { CaseView } from '../../common/case-view';
import type { Phase } from '../../common/phases';
import { saveCaseRecord } from '../../store/cases';
import type { Db } from '../../store/db';
import { readCaseGauges } from '../../store/gauges';
import { closeGap, listGaps, saveGap } from '../../store/read-model-gaps';
import { enqueueOutboxMessage, markOutboxSent } from '../../store/outbox';
import { caseRow, caseView, OPENED } from '../fixtures/reports';
import { forEachDatabase } from '../helpers/databases';

const at = (minute: number) => new Date(Date.parse(OPENED) + minute * 60_000);

describe('case gauges', () => forEachDatabase((open) => {
  let db: Db;
  beforeEach(async () => {
    db = await open();
  });

  it('counts open cases by phase and risk, breached ones, and the outbox backlog with its oldest age', async () => {
    const high = { score: 7, level: 'high', computedLevel: 'high', reasons: [], overrides: [], at: OPENED } as unknown as CaseView['risk'];
    const cases: { n: number; phase: Phase; overrides: Partial<CaseView> }[] = [
      { n: 1, phase: 'assessment' as Phase, overrides: {} },
      { n: 2, phase: 'implementation' as Phase, overrides: { risk: high, breached: true } },
      { n: 3, phase: 'implementation' as Phase, overrides: { risk: high } },
      { n: 4, phase: 'evaluation' as Phase, overrides: { status: 'closed' as const, phase: 'closed' as const, breached: true } },
    ];
    for (const c of cases) {
      const view = caseView({ id: `quick-case-00000${c.n}`, openedAt: OPENED, legs: [{ phase: c.phase, hours: 1 }], overrides: c.overrides });
      await saveCaseRecord(db, caseRow(view), []);
    }
    const message = (eventSeq: number) => ({ caseId: 'quick-case-000001', eventSeq, event: 'case_opened', ruleIndex: 0, recipient: 'ada@example.org', subject: 's', body: 'b' });
    const sent = await enqueueOutboxMessage(db, message(1), at(0));
    await markOutboxSent(db, sent.messageId, at(1));
    await enqueueOutboxMessage(db, message(2), at(5));
    await enqueueOutboxMessage(db, message(3), at(9));

    const gauges = await readCaseGauges(db, at(15));
    expect(gauges.openCases).to.have.deep.members([
      { phase: 'assessment', risk: 'unassessed', count: 1 },
      { phase: 'implementation', risk: 'high', count: 2 },
    ]);
    expect(gauges.breachedCases).to.equal(1);
    expect(gauges.outboxBacklog).to.equal(2);
    expect(gauges.outboxOldestAgeSeconds).to.equal(600);
  });

  it('reads zero from an empty read model', async () => {
    expect(await readCaseGauges(db)).to.deep.equal({ openCases: [], breachedCases: 0, outboxBacklog: 0, outboxOldestAgeSeconds: 0, readModelCasesBehind: 0 });
  });

  it('counts the cases the read model is behind on until a check finds them up to date', async () => {
    await saveGap(db, { caseId: 'quick-case-000001', readRevision: 2, workflowRevision: 5, foundAt: at(0).toISOString() });
    await saveGap(db, { caseId: 'quick-case-000002', workflowRevision: 3, foundAt: at(0).toISOString() });
    await saveGap(db, { caseId: 'quick-case-000003', readRevision: 1, workflowRevision: 4, foundAt: at(0).toISOString(), repairedAt: at(1).toISOString() });
    expect((await readCaseGauges(db)).readModelCasesBehind).to.equal(2);
    await closeGap(db, 'quick-case-000001', at(2).toISOString());
    expect((await readCaseGauges(db)).readModelCasesBehind).to.equal(1);
    expect((await listGaps(db, { open: true })).map((g) => g.caseId)).to.deep.equal(['quick-case-000002']);
    expect((await listGaps(db)).find((g) => g.caseId === 'quick-case-000001')).to.deep.include({ readRevision: 2, workflowRevision: 5, repairedAt: at(2).toISOString() });
  });
}));
