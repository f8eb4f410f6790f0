/** The outbox of notification e-mails, on SQLite and PostgreSQL. */
import { expect } from 'chai';
import { saveCaseRecord } from '../../store/cases';
import type { Db } from '../../store/db';
import { enqueueOutboxMessage, getOutboxMessage, listOutbox, markOutboxAttemptFailed, markOutboxSent, outboxMessageId, type NewOutboxMessage } from '../../store/outbox';
import { caseRow, caseView, OPENED } from '../fixtures/reports';
import { forEachDatabase } from '../helpers/databases';

const message = (overrides: Partial<NewOutboxMessage> = {}): NewOutboxMessage => ({
  caseId: 'quick-case-000001',
  eventSeq: 1,
  event: 'case_opened',
  ruleIndex: 0,
  recipient: 'ada@example.org',
  subject: 'Your case was opened',
  body: 'Dear Ada, …',
  ...overrides,
});
const at = (minute: number) => new Date(Date.parse('2024-03-01T09:00:00.000Z') + minute * 60_000);

describe('outbox store', () => forEachDatabase((open) => {
  let db: Db;
  beforeEach(async () => {
    db = await open();
  });

  it('records a message once, under one id however often it is enqueued, keeping its first rendering', async () => {
    const first = await enqueueOutboxMessage(db, message(), at(0));
    expect(first).to.deep.equal({
      messageId: outboxMessageId('quick-case-000001', 1, 0, 'ada@example.org'),
      ...message(),
      status: 'pending',
      attempts: 0,
      lastError: undefined,
      createdAt: at(0).toISOString(),
      sentAt: undefined,
    });
    const again = await enqueueOutboxMessage(db, message({ subject: 'Rendered again', recipient: ' ADA@example.org' }), at(5));
    expect(again).to.deep.equal(first);
    expect(await listOutbox(db, { limit: 10 })).to.have.length(1);
  });

  it('records a message enqueued by two attempts at the same time once', async () => {
    const both = await Promise.all([enqueueOutboxMessage(db, message(), at(0)), enqueueOutboxMessage(db, message(), at(0))]);
    expect(both[0]).to.deep.equal(both[1]);
    expect(await listOutbox(db, { limit: 10 })).to.have.length(1);
  });

  it('counts attempts until sent, and keeps a sent message sent', async () => {
    const { messageId } = await enqueueOutboxMessage(db, message(), at(0));
    await markOutboxAttemptFailed(db, messageId, 'connection refused', false);
    expect(await getOutboxMessage(db, messageId)).to.deep.include({ status: 'pending', attempts: 1, lastError: 'connection refused' });
    await markOutboxSent(db, messageId, at(3));
    const sent = await getOutboxMessage(db, messageId);
    expect(sent).to.deep.include({ status: 'sent', attempts: 2, lastError: undefined, sentAt: at(3).toISOString() });
    await markOutboxAttemptFailed(db, messageId, 'late failure', true);
    expect(await getOutboxMessage(db, messageId)).to.deep.equal(sent);
  });

  it('marks a message the server refused for good as failed, with the start of the error', async () => {
    const { messageId } = await enqueueOutboxMessage(db, message(), at(0));
    await markOutboxAttemptFailed(db, messageId, `550 no such user ${'x'.repeat(3000)}`, true);
    const failed = await getOutboxMessage(db, messageId);
    expect(failed).to.deep.include({ status: 'failed', attempts: 1 });
    expect(failed?.lastError).to.have.length(2000);
  });

  it("lists newest first, by case, status and the cases' teams, up to the limit", async () => {
    for (const [n, team] of [[1, 'team-a'], [2, 'team-b']] as const) {
      const view = caseView({ id: `quick-case-00000${n}`, openedAt: OPENED, legs: [{ phase: 'screening', hours: 1 }], overrides: { team } });
      await saveCaseRecord(db, caseRow(view), []);
    }
    const a1 = await enqueueOutboxMessage(db, message({ eventSeq: 1 }), at(1));
    const b = await enqueueOutboxMessage(db, message({ caseId: 'quick-case-000002' }), at(2));
    const a2 = await enqueueOutboxMessage(db, message({ eventSeq: 2 }), at(3));
    await markOutboxSent(db, a2.messageId, at(4));
    const ids = async (q: Partial<Parameters<typeof listOutbox>[1]>) => (await listOutbox(db, { limit: 10, ...q })).map((m) => m.messageId);
    expect(await ids({})).to.deep.equal([a2.messageId, b.messageId, a1.messageId]);
    expect(await ids({ caseId: 'quick-case-000001' })).to.deep.equal([a2.messageId, a1.messageId]);
    expect(await ids({ status: 'pending' })).to.deep.equal([b.messageId, a1.messageId]);
    expect(await ids({ teams: ['team-b'] })).to.deep.equal([b.messageId]);
    expect(await ids({ teams: [] })).to.deep.equal([]);
    expect(await ids({ limit: 1 })).to.deep.equal([a2.messageId]);
  });
}));
