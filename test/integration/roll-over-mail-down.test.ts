/**
 * A case that reaches its history limit while the mail server is down. Rolling over does not wait
 * for mail: the case hands the notifications it still owes to its next run, so its commands are
 * answered and its timers fire meanwhile; once mail is back, each notification goes out once.
 */
import { expect } from 'chai';
import { listOutbox, outboxMessageId } from '../../store/outbox';
import { eventually } from '../helpers/eventually';
import { intake, toImplementation } from '../helpers/cases';
import { startSystem, type TestSystem } from '../helpers/system';
import { mailedCase } from '../fixtures/definitions';

/** The longest a person sending a command waits for its answer while the case rolls over. */
const ANSWER_WITHIN_MS = 10_000;

interface Entry {
  seq: number;
  type: string;
  data: { phase?: { name: string }; eventSeq?: number };
}

describe('roll-over while the mail server is down', () => {
  let sys: TestSystem;
  before(async () => {
    sys = await startSystem({ definitions: [mailedCase], historyLimit: 60 });
  });
  after(async () => sys?.stop());

  const trailOf = async (id: string): Promise<Entry[]> => (await sys.http.get(`/cases/${id}/events`)).body.items;

  it('answers every command, fires the case’s timers, and delivers every notification once when mail is back', async function () {
    this.timeout(120_000);
    const id = await toImplementation(sys, 'mailed-case');
    await sys.smtp!.stop();

    // Each on-track follow-up enters implementation again, which owes the client an e-mail.
    const rounds = 12;
    for (let i = 0; i < rounds; i++) {
      const sent = Date.now();
      const res = await sys.http.post(`/cases/${id}/follow-ups`, { outcome: 'on_track', note: `round ${i + 1}` });
      expect(res.status, `round ${i + 1}: ${JSON.stringify(res.body)}`).to.equal(200);
      expect(Date.now() - sent, `round ${i + 1} answered after`).to.be.below(ANSWER_WITHIN_MS);
    }
    expect((await trailOf(id)).filter((e) => e.type === 'case_continued').length, 'runs continued as new').to.be.at.least(2);

    // The next follow-up falls due on its timer, three seconds on, while mail is still down.
    await eventually(async () => expect((await sys.http.get(`/cases/${id}`)).body.phase).to.equal('follow_up'), 15_000, 100);
    const owed = await listOutbox(sys.db, { caseId: id, status: 'pending', limit: 200 });
    expect(owed.length, 'e-mails waiting in the outbox').to.be.at.least(1);

    // Mail is back: every notification goes out, once.
    await sys.smtp!.start();
    const trail = await eventually(async () => {
      const pending = await listOutbox(sys.db, { caseId: id, status: 'pending', limit: 200 });
      expect(pending.map((m) => m.messageId), 'still pending').to.deep.equal([]);
      const entries = await trailOf(id);
      expect(entries.filter((e) => e.type === 'notification_sent')).to.have.length(rounds + 2);
      return entries;
    }, 60_000, 250);

    const owing = trail.filter((e) => e.type === 'case_opened' || (e.type === 'phase_entered' && e.data.phase?.name === 'implementation'));
    expect(owing).to.have.length(rounds + 2);
    for (const e of owing) {
      const messageId = outboxMessageId(id, e.seq, e.type === 'case_opened' ? 0 : 1, intake.client_email);
      expect(sys.smtp!.messages.filter((m) => m.messageId === messageId), `e-mails for entry ${e.seq}`).to.have.length(1);
      expect(trail.filter((s) => s.type === 'notification_sent' && s.data.eventSeq === e.seq), `notification_sent for entry ${e.seq}`).to.have.length(1);
    }
    expect(sys.smtp!.messages.filter((m) => m.subject.includes(id))).to.have.length(owing.length);
    expect((await sys.http.get(`/cases/${id}/events/verify`)).body.valid).to.equal(true);
  });
});
