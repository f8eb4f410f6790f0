/** The walking skeleton through every layer: HTTP, the case workflow, the read model and the trail. */
import { expect } from 'chai';
import { startSystem, type TestSystem } from '../helpers/system';
import { quickCase } from '../fixtures/definitions';

describe('foundation: a case over HTTP against a real Temporal server', () => {
  let sys: TestSystem;
  before(async () => {
    sys = await startSystem({ definitions: [quickCase] });
  });
  after(async () => sys?.stop());

  const intake = { client_name: 'Ada Lovelace', client_email: 'ada@example.org', eligible: true };
  const open = (extra: Record<string, unknown> = {}) =>
    sys.http.post('/cases', { definition: 'quick-case', title: 'Housing support', intake, ...extra });

  it('reports the Temporal connection and the database as healthy', async () => {
    const res = await sys.http.get('/health');
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.include({ status: 'ok' });
    expect(res.body.temporal.ok).to.equal(true);
    expect(res.body.database.ok).to.equal(true);
  });

  it('opens a case as a workflow with a readable id, search attributes and a memo', async () => {
    const res = await open();
    expect(res.status).to.equal(201);
    expect(res.body.id).to.match(/^quick-case-\d{6}$/);
    expect(res.body).to.deep.include({ phase: 'screening', status: 'open', team: 'team-a', title: 'Housing support' });
    expect(res.body.definition).to.deep.equal({ key: 'quick-case', version: 1 });

    const description = await sys.env.client.workflow.getHandle(res.body.id).describe();
    expect(description.memo).to.have.keys('title', 'origin');
    expect(description.memo).to.include({ title: 'Housing support' });
    expect(description.memo?.origin).to.match(/^[0-9a-f-]{36}$/);
    expect(description.typedSearchAttributes.get({ name: 'CaseType', type: 'KEYWORD' } as never)).to.equal('quick-case');
    expect(description.typedSearchAttributes.get({ name: 'CasePhase', type: 'KEYWORD' } as never)).to.equal('screening');
  });

  it('numbers cases one after another per definition', async () => {
    const a = await open();
    const b = await open();
    expect(Number(b.body.id.slice(-6))).to.equal(Number(a.body.id.slice(-6)) + 1);
  });

  it('moves an accepted case to assessment and records it everywhere', async () => {
    const { body: opened } = await open();
    const res = await sys.http.post(`/cases/${opened.id}/screening`, { decision: 'accept', reason: 'Meets the criteria' });
    expect(res.status).to.equal(200);
    expect(res.body.phase).to.equal('assessment');
    expect(res.body.screening).to.deep.include({ decision: 'accept', reason: 'Meets the criteria', by: 'admin' });

    const view = await sys.http.get(`/cases/${opened.id}`);
    expect(view.body.phase).to.equal('assessment');

    // The read model was written before the command answered: read-your-writes.
    const list = await sys.http.get(`/cases?phase=assessment&definition=quick-case`);
    expect(list.body.items.map((r: { id: string }) => r.id)).to.include(opened.id);

    const trail = await sys.http.get(`/cases/${opened.id}/events`);
    expect(trail.body.items.map((e: { type: string }) => e.type)).to.deep.equal([
      'case_opened',
      'phase_entered',
      'screening_decided',
      'phase_entered',
    ]);
    const verdict = await sys.http.get(`/cases/${opened.id}/events/verify`);
    expect(verdict.body).to.deep.equal({ valid: true, entries: 4 });
  });

  it('closes a rejected case as screened out', async () => {
    const { body: opened } = await open();
    const res = await sys.http.post(`/cases/${opened.id}/screening`, { decision: 'reject', reason: 'Out of area' });
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.include({ phase: 'closed', status: 'closed', closure: 'screened_out' });
    // The workflow ends with the revision it reached; the case's view is in the read model.
    const result = await sys.env.client.workflow.getHandle(opened.id).result();
    expect(result).to.deep.equal({ caseId: opened.id, revision: res.body.revision });
  });

  it('lets the definition screen a case out by itself', async () => {
    const res = await sys.http.post('/cases', { definition: 'quick-case', title: 'Not eligible', intake: { ...intake, eligible: false } });
    expect(res.status).to.equal(201);
    expect(res.body).to.deep.include({ status: 'closed', closure: 'screened_out' });
    expect(res.body.screening).to.deep.include({ decision: 'reject', by: 'system', reason: 'Not eligible for the service' });
  });

  it('answers 409 to a command that does not fit the phase, and records nothing', async () => {
    const { body: opened } = await open();
    await sys.http.post(`/cases/${opened.id}/screening`, { decision: 'accept', reason: 'ok' });
    const before = await sys.http.get(`/cases/${opened.id}/events`);
    const res = await sys.http.post(`/cases/${opened.id}/screening`, { decision: 'reject', reason: 'changed my mind' });
    expect(res.status).to.equal(409);
    expect(res.headers.get('content-type')).to.match(/application\/problem\+json/);
    expect(res.body).to.include({ status: 409, title: 'Invalid Transition' });
    expect(res.body.detail).to.match(/screening phase; the case is in assessment/);
    const after = await sys.http.get(`/cases/${opened.id}/events`);
    expect(after.body.items).to.have.length(before.body.items.length);
  });

  it('answers 422 naming the field for bad data, and changes nothing', async () => {
    const { body: opened } = await open();
    const bad = await sys.http.post(`/cases/${opened.id}/screening`, { decision: 'maybe', reason: '' });
    expect(bad.status).to.equal(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).to.deep.equal(['decision', 'reason']);
    const unknown = await sys.http.post(`/cases/${opened.id}/screening`, { decision: 'accept', reason: 'x', extra: 1 });
    expect(unknown.status).to.equal(422);
    expect(unknown.body.errors[0]).to.deep.include({ field: 'extra' });
    const view = await sys.http.get(`/cases/${opened.id}`);
    expect(view.body.phase).to.equal('screening');
    expect(view.body.trailLength).to.equal(2);
  });

  it('answers 422 for intake data that breaks the form, naming each field', async () => {
    const res = await sys.http.post('/cases', { definition: 'quick-case', title: 'x', intake: { client_name: 'A', channel: 'fax' } });
    expect(res.status).to.equal(422);
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).to.include.members(['intake.client_name', 'intake.eligible', 'intake.channel']);
  });

  it('answers 422 for an unknown definition and 404 for an unknown case', async () => {
    const res = await sys.http.post('/cases', { definition: 'no-such-thing', title: 'x', intake: {} });
    expect(res.status).to.equal(422);
    expect(res.body.errors[0].field).to.equal('definition');
    const missing = await sys.http.get('/cases/quick-case-999999');
    expect(missing.status).to.equal(404);
    expect(missing.body.title).to.equal('Not Found');
  });

  it('applies a retried command once when it carries the same Idempotency-Key', async () => {
    const { body: opened } = await open();
    const headers = { 'Idempotency-Key': `screen-${opened.id}` };
    const first = await sys.http.post(`/cases/${opened.id}/screening`, { decision: 'accept', reason: 'ok' }, headers);
    const again = await sys.http.post(`/cases/${opened.id}/screening`, { decision: 'accept', reason: 'ok' }, headers);
    expect(first.status).to.equal(200);
    expect(again.status).to.equal(200);
    expect(again.body.trailLength).to.equal(first.body.trailLength);
  });
});
