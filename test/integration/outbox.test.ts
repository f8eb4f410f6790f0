/** `GET /outbox` over HTTP: a case's notification goes through the workflow, the activity and a real SMTP sink. */
import { expect } from 'chai';
import type { DefinitionInput } from '../../common/definition-schema';
import { quickCase } from '../fixtures/definitions';
import { eventually } from '../helpers/eventually';
import { startSystem, type TestSystem } from '../helpers/system';

describe('outbox: GET /outbox over HTTP', () => {
  const notifyingCase: DefinitionInput = {
    ...quickCase,
    key: 'notify-case',
    notifications: [{ on: 'case_opened', to: [{ field: 'client_email' }], subject: 'Case {{case.id}} opened', body: 'Dear {{intake.client_name}}, we opened {{case.title}}.' }],
  };
  let sys: TestSystem;
  before(async () => {
    sys = await startSystem({ definitions: [notifyingCase] });
  });
  after(async () => sys?.stop());

  it('lists the e-mails a case sent', async () => {
    const intake = { client_name: 'Ada Lovelace', client_email: 'ada@example.org', eligible: true };
    const opened = await sys.http.post('/cases', { definition: 'notify-case', title: 'Housing support', intake });
    expect(opened.status).to.equal(201);
    const id: string = opened.body.id;

    const res = await eventually(async () => {
      const r = await sys.http.get(`/outbox?case=${id}&status=sent`);
      expect(r.body.items).to.have.length(1);
      return r;
    });
    expect(res.status).to.equal(200);
    expect(res.body.items[0]).to.deep.include({ caseId: id, event: 'case_opened', recipient: 'ada@example.org', subject: `Case ${id} opened`, status: 'sent', attempts: 1 });
    expect(sys.smtp!.messages.filter((m) => m.messageId === res.body.items[0].messageId)).to.have.length(1);

    const all = await sys.http.get('/outbox?limit=1');
    expect(all.body.items).to.have.length(1);
  });

  it('refuses an unknown query parameter or an out-of-range limit', async () => {
    for (const query of ['limit=0', 'limit=201', 'status=lost', 'colour=red']) {
      const res = await sys.http.get(`/outbox?${query}`);
      expect(res.status, query).to.equal(422);
    }
  });
});
