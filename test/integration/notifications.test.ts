/** Notification e-mail through a real SMTP server on loopback and a real SQLite outbox. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createNotificationActivities, type NotificationDeps } from '../../activities/notifications';
import type { NotificationContext, NotificationRequest, NotificationResult } from '../../common/notifications';
import type { NotificationRule } from '../../common/definition-schema';
import { createMailer, MailError, type Mailer } from '../../runtime/mailer';
import { createSmtpSink, type SmtpSink } from '../../runtime/smtp-sink';
import { openDb, type Db } from '../../store/db';
import { listOutbox } from '../../store/outbox';
import { saveUser } from '../../store/users';

const rule = (to: NotificationRule['to'], subject = 'Task {{task.title}}', body = 'For {{case.id}}'): NotificationRule => ({ on: 'task_assigned', to, subject, body });

const context = (assignee = 'casey'): NotificationContext => ({
  case: { id: 'quick-case-000007', title: 'Housing support', phase: 'implementation', status: 'open', risk: 'high', assignee, team: 'team-a', definition: 'quick-case' },
  event: 'task_assigned',
  intake: { client_name: 'Ada & Co', client_email: 'ada@example.org' },
  data: { task: { title: 'Refer to housing', role: 'case_manager', due: '2030-01-02T09:00:00.000Z', assignee } },
});

const quiet = new DefaultLogger('ERROR');
let seq = 0;
const request = (rules: NotificationRule[], ctx = context()): NotificationRequest => ({
  caseId: ctx.case.id,
  eventSeq: ++seq,
  event: 'task_assigned',
  rules: rules.map((r, index) => ({ index, rule: r })),
  context: ctx,
});

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => expect.fail('expected the activity to fail'),
    (err: unknown) => err,
  );
  expect(error).to.be.instanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

describe('notifications: rules become e-mails, sent once through the outbox', () => {
  let dataDir: string;
  let db: Db;
  let sink: SmtpSink;
  let mailer: Mailer;
  const send = (req: NotificationRequest, deps: Partial<NotificationDeps> = {}): Promise<NotificationResult[]> =>
    new MockActivityEnvironment(undefined, { logger: quiet }).run(createNotificationActivities({ db, mailer, ...deps }).sendNotification, req) as Promise<NotificationResult[]>;
  const received = (messageId: string) => sink.messages.filter((m) => m.messageId === messageId);

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-mail-'));
    db = await openDb({ dataDir });
    sink = createSmtpSink({ refuse: (address) => address.endsWith('.invalid') });
    await sink.start(0);
    mailer = createMailer(sink.url, 'Casework <casework@localhost>');
    await saveUser(db, { id: 'casey', name: 'Casey', email: 'casey@example.org', roles: ['caseworker'], teams: ['team-a'] });
    await saveUser(db, { id: 'sam', name: 'Sam', email: 'sam@example.org', roles: ['supervisor'], teams: ['team-a'] });
    await saveUser(db, { id: 'sue', name: 'Sue', email: 'sue@example.org', roles: ['supervisor'], teams: ['team-a'], active: false });
    await saveUser(db, { id: 'stan', name: 'Stan', email: 'stan@example.org', roles: ['supervisor'], teams: ['team-b'] });
  });
  after(async () => {
    mailer?.close();
    await sink?.stop();
    await db?.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(() => sink.clear());

  it('sends to the assignee, a role in the team, a fixed address and an intake field, each address once', async () => {
    const to: NotificationRule['to'] = [{ assignee: true }, { role: 'supervisor' }, { address: 'audit@example.org' }, { field: 'client_email' }, { address: 'ADA@example.org' }];
    const results = await send(request([rule(to)]));
    expect(results.map((r) => [r.to, r.status])).to.deep.equal([
      ['casey@example.org', 'sent'],
      ['sam@example.org', 'sent'],
      ['audit@example.org', 'sent'],
      ['ada@example.org', 'sent'],
    ]);
    expect(sink.messages.map((m) => m.to)).to.deep.equal([['casey@example.org'], ['sam@example.org'], ['audit@example.org'], ['ada@example.org']]);
    for (const r of results) expect(received(r.messageId)).to.have.length(1);
  });

  it('takes an assignee that is an e-mail address as it is', async () => {
    const [result] = await send(request([rule([{ assignee: true }])], context('lead@example.org')));
    expect(result).to.deep.include({ to: 'lead@example.org', status: 'sent' });
  });

  it('skips recipients it cannot address, saying why, and sends to the rest', async () => {
    const to: NotificationRule['to'] = [{ assignee: true }, { role: 'admin' }, { field: 'client_name' }, { address: 'audit@example.org' }];
    const results = await send(request([rule(to)], context('nobody')));
    expect(results.map((r) => [r.to, r.status])).to.deep.equal([
      ['assignee', 'skipped'],
      ['role:admin', 'skipped'],
      ['field:client_name', 'skipped'],
      ['audit@example.org', 'sent'],
    ]);
    for (const r of results.filter((x) => x.status === 'skipped')) expect(r.detail).to.be.a('string').and.not.empty;
    expect(sink.messages).to.have.length(1);
  });

  it('renders the subject on one line and the body as plain text from the case, intake and event data', async () => {
    const subject = '[{{case.risk}}] {{case.title}}:\n {{task.title}}';
    const body = 'Hello {{intake.client_name}},\n<{{task.title}}> is due {{task.due}} on case {{case.id}} ({{event}}, {{case.phase}}).';
    const [result] = await send(request([rule([{ address: 'audit@example.org' }], subject, body)]));
    const [mail] = received(result.messageId);
    expect(mail.subject).to.equal('[high] Housing support: Refer to housing');
    expect(mail.text.trim()).to.equal('Hello Ada & Co,\n<Refer to housing> is due 2030-01-02T09:00:00.000Z on case quick-case-000007 (task_assigned, implementation).');
    expect(mail.from).to.equal('casework@localhost');
  });

  it("writes nothing of a case to the server's output through {{log}}, in a version published before the helper was refused", async () => {
    const written: string[] = [];
    const methods = ['log', 'info', 'debug', 'warn', 'error'] as const;
    const originals = methods.map((m) => console[m]);
    // Handlebars' log helper writes through console; catch whatever reaches it while the message renders.
    for (const m of methods) console[m] = (...args: unknown[]) => void written.push(args.map(String).join(' '));
    let result: NotificationResult;
    try {
      [result] = await send(request([rule([{ address: 'audit@example.org' }], 'Task', '{{log intake.client_name intake.client_email level="error"}}For {{case.id}}')]));
    } finally {
      methods.forEach((m, i) => (console[m] = originals[i]));
    }
    expect(written.filter((line) => /Ada|ada@example\.org/.test(line))).to.deep.equal([]);
    expect(received(result.messageId)[0].text.trim()).to.equal('For quick-case-000007');
  });

  it('does not send a message twice when the activity fails after sending it and runs again', async () => {
    const req = request([rule([{ address: 'one@example.org' }, { address: 'two@example.org' }])]);
    const crash = async () => {
      throw new Error('the worker died');
    };
    await send(req, { afterSend: crash }).then(() => expect.fail('expected the crash'), (err: Error) => expect(err.message).to.equal('the worker died'));
    expect(sink.messages.map((m) => m.to[0])).to.deep.equal(['one@example.org']);

    const results = await send(req);
    await send(req);
    expect(results.map((r) => r.status)).to.deep.equal(['sent', 'sent']);
    expect(sink.messages.map((m) => m.to[0])).to.deep.equal(['one@example.org', 'two@example.org']);
    const rows = await listOutbox(db, { caseId: req.caseId, limit: 200 });
    for (const r of results) expect(rows.find((row) => row.messageId === r.messageId)).to.deep.include({ status: 'sent', attempts: 1 });
  });

  it('keeps messages pending while the mail server is down and sends each once when it is back', async () => {
    const req = request([rule([{ address: 'one@example.org' }, { address: 'two@example.org' }]), rule([{ assignee: true }])]);
    await sink.stop();
    const failure = await failureOf(send(req));
    expect(failure.type).to.equal('SmtpUnavailable');
    expect(failure.nonRetryable).to.equal(false);
    const pending = (await listOutbox(db, { caseId: req.caseId, status: 'pending', limit: 200 })).filter((m) => m.eventSeq === req.eventSeq);
    expect(pending).to.have.length(3);
    for (const m of pending) expect(m).to.deep.include({ attempts: 1 }).and.to.have.property('lastError').that.is.a('string');

    await sink.start();
    const results = await send(req);
    await send(req);
    expect(results.map((r) => r.status)).to.deep.equal(['sent', 'sent', 'sent']);
    for (const r of results) expect(received(r.messageId)).to.have.length(1);
    const rows = (await listOutbox(db, { caseId: req.caseId, limit: 200 })).filter((m) => m.eventSeq === req.eventSeq);
    expect(rows.map((m) => [m.status, m.attempts])).to.deep.equal([['sent', 2], ['sent', 2], ['sent', 2]]);
  });

  it('marks a message the server refuses for good as failed, sends the rest, and does not try it again', async () => {
    const req = request([rule([{ address: 'gone@example.invalid' }, { address: 'audit@example.org' }])]);
    const first = await send(req);
    expect(first.map((r) => r.status)).to.deep.equal(['failed', 'sent']);
    expect(first[0].detail).to.be.a('string');
    const again = await send(req);
    expect(again.map((r) => r.status)).to.deep.equal(['failed', 'sent']);
    const [row] = (await listOutbox(db, { status: 'failed', limit: 200 })).filter((m) => m.messageId === first[0].messageId);
    expect(row.attempts).to.equal(1);
    expect(sink.messages).to.have.length(1);
  });

  it('resends with the same Message-ID when the server took a message that was not recorded as sent', async () => {
    const req = request([rule([{ address: 'audit@example.org' }])]);
    const lostReply: Mailer = {
      from: mailer.from,
      close: () => undefined,
      send: async (m) => {
        await mailer.send(m);
        throw new MailError('connection closed before the reply', false, 'ECONNECTION');
      },
    };
    expect((await failureOf(send(req, { mailer: lostReply }))).type).to.equal('SmtpUnavailable');
    const [result] = await send(req);
    expect(received(result.messageId)).to.have.length(2);
  });

  it('lets one attempt at a time send a message: another attempt meanwhile leaves it to the first', async () => {
    const req = request([rule([{ address: 'audit@example.org' }])]);
    let release = () => undefined as void;
    const held = new Promise<void>((r) => (release = r));
    let sending = () => undefined as void;
    const started = new Promise<void>((r) => (sending = r));
    const slow: Mailer = {
      from: mailer.from,
      close: () => undefined,
      send: async (m) => {
        sending();
        await held;
        await mailer.send(m);
      },
    };
    const first = send(req, { mailer: slow });
    await started;

    const second = await failureOf(send(req));
    expect(second.type).to.equal('SmtpUnavailable');
    expect(second.nonRetryable).to.equal(false);
    release();
    const [result] = await first;
    expect(result.status).to.equal('sent');
    expect((await send(req)).map((r) => r.status)).to.deep.equal(['sent']);
    expect(received(result.messageId)).to.have.length(1);
  });

  it('sends a message whose attempt never finished once that attempt’s claim has run out', async () => {
    const req = request([rule([{ address: 'audit@example.org' }])]);
    let die = () => undefined as void;
    const dying = new Promise<void>((r) => (die = r));
    let sending = () => undefined as void;
    const started = new Promise<void>((r) => (sending = r));
    const lost: Mailer = {
      from: mailer.from,
      close: () => undefined,
      send: async () => {
        sending();
        await dying;
        throw new MailError('the worker died', false);
      },
    };
    const first = send(req, { mailer: lost }).catch((err: unknown) => err);
    await started;
    const [row] = (await listOutbox(db, { caseId: req.caseId, limit: 200 })).filter((m) => m.eventSeq === req.eventSeq);
    expect((await failureOf(send(req))).type).to.equal('SmtpUnavailable');

    // The claim's time passes, as it does when its worker is gone.
    await db('outbox').where({ message_id: row.messageId }).update({ claimed_until: new Date(Date.now() - 1000).toISOString() });
    const [result] = await send(req);
    expect(result.status).to.equal('sent');
    die();
    await first;
    expect(received(row.messageId)).to.have.length(1);
    expect((await listOutbox(db, { caseId: req.caseId, limit: 200 })).find((m) => m.messageId === row.messageId)).to.deep.include({ status: 'sent' });
  });

  it('refuses a template that does not render before sending anything, as a non-retryable failure', async () => {
    const req = request([rule([{ address: 'audit@example.org' }]), rule([{ address: 'audit@example.org' }], '{{#if case.risk}}open')]);
    const failure = await failureOf(send(req));
    expect(failure.type).to.equal('TemplateInvalid');
    expect(failure.nonRetryable).to.equal(true);
    expect(sink.messages).to.have.length(0);
  });
});
