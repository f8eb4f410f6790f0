/**
 * A command's Temporal update id belongs to one request: the user, the route and its parameters,
 * the body and the Idempotency-Key. A retry of the same request gets the first answer; another
 * person, another route or another body under the same key is a command of its own, also after the
 * HTTP layer has let the key's answer go.
 */
import { expect } from 'chai';
import { quickCase } from '../fixtures/definitions';
import { intake, types } from '../helpers/cases';
import { startSystem, type Http, type TestSystem, type TestUser } from '../helpers/system';

const DAY_MS = 24 * 60 * 60_000;

describe('security: update ids are per request, not per Idempotency-Key', () => {
  let sys: TestSystem;
  let manny: TestUser, cora: TestUser, sue: TestUser;
  before(async () => {
    sys = await startSystem({ definitions: [quickCase] });
    manny = await sys.addUser({ id: 'manny', roles: ['case_manager'] });
    cora = await sys.addUser({ id: 'cora', roles: ['case_manager'] });
    sue = await sys.addUser({ id: 'sue', roles: ['supervisor'] });
  });
  after(async () => sys?.stop());

  const post = async (http: Http, path: string, body: unknown, key: string, status = 200) => {
    const res = await http.post(path, body, { 'Idempotency-Key': key });
    expect(res.status, `${path}: ${JSON.stringify(res.body)}`).to.equal(status);
    return res.body;
  };
  const openCase = async () => (await post(sys.as(manny), '/cases', { definition: 'quick-case', title: 'Support', intake }, `open-${Math.random()}`, 201)).id as string;
  const notes = async (id: string) => ((await sys.http.get(`/cases/${id}`)).body.notes as { text: string; by: string }[]).map((n) => `${n.by}: ${n.text}`);
  const trail = async (id: string) => (await sys.http.get(`/cases/${id}/events`)).body;

  async function upload(caseId: string, text: string, as: TestUser, key: string) {
    const form = new FormData();
    form.append('file', new Blob([text], { type: 'text/plain' }), `${as.id}.txt`);
    const res = await fetch(`${sys.url}/cases/${caseId}/documents`, { method: 'POST', headers: { authorization: `Bearer ${as.key}`, 'idempotency-key': key }, body: form });
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).to.equal(201);
    return body as { id: string };
  }

  it("keeps two people's notes sent under one key", async () => {
    const id = await openCase();
    await post(sys.as(manny), `/cases/${id}/notes`, { text: 'Called the landlord' }, 'shared-key');
    const second = await post(sys.as(cora), `/cases/${id}/notes`, { text: 'Visited the client' }, 'shared-key');
    expect(second.notes.map((n: { text: string }) => n.text)).to.include('Visited the client');
    expect(await notes(id)).to.deep.equal(['manny: Called the landlord', 'cora: Visited the client']);
    expect(types(await trail(id)).filter((t: string) => t === 'note_added')).to.have.length(2);
  });

  it("closes a case when a supervisor's close comes under a key a case manager used for a note", async () => {
    const id = await openCase();
    await post(sys.as(manny), `/cases/${id}/notes`, { text: 'Client asked to stop' }, 'note-or-close');
    const closed = await post(sys.as(sue), `/cases/${id}/close`, { reason: 'Withdrawn at the client’s request' }, 'note-or-close');
    expect(closed.status).to.equal('closed');
    const read = (await sys.http.get(`/cases/${id}`)).body;
    expect(read).to.include({ status: 'closed', closure: 'withdrawn' });
    expect(types(await trail(id))).to.include('case_closed');
  });

  it('takes the same key with another body as a new command after the 24 hours, and the same body as a retry', async () => {
    const id = await openCase();
    const m = sys.as(manny);
    await post(m, `/cases/${id}/notes`, { text: 'First call' }, 'reused-later');
    sys.clock.advance(DAY_MS + 60_000);
    const later = await post(m, `/cases/${id}/notes`, { text: 'A new call, a day later' }, 'reused-later');
    expect(later.notes.map((n: { text: string }) => n.text)).to.include('A new call, a day later');
    sys.clock.advance(DAY_MS + 60_000);
    // The HTTP layer let this answer go too; the case still knows the request and answers it once.
    await post(m, `/cases/${id}/notes`, { text: 'A new call, a day later' }, 'reused-later');
    expect(await notes(id)).to.deep.equal(['manny: First call', 'manny: A new call, a day later']);
  });

  it('records in the trail a document uploaded under a key already used for another upload', async () => {
    const id = await openCase();
    const first = await upload(id, 'Tenancy agreement', manny, 'upload-key');
    const second = await upload(id, 'Doctor’s letter', cora, 'upload-key');
    expect(second.id).not.to.equal(first.id);
    const added = (await trail(id)).items.filter((e: { type: string }) => e.type === 'document_added').map((e: { data: { documentId: string } }) => e.data.documentId);
    expect(added).to.deep.equal([first.id, second.id]);
    const view = (await sys.http.get(`/cases/${id}`)).body;
    expect(view.documents.map((d: { id: string }) => d.id)).to.deep.equal([first.id, second.id]);
  });

  it('answers an upload sent again under its key, after the 24 hours, with the one document the case took in', async () => {
    const id = await openCase();
    const first = await upload(id, 'Payslip', manny, 'upload-again');
    sys.clock.advance(DAY_MS + 60_000);
    const again = await upload(id, 'Payslip', manny, 'upload-again');
    expect(again).to.deep.equal(first);
    const added = (await trail(id)).items.filter((e: { type: string }) => e.type === 'document_added');
    expect(added.map((e: { data: { documentId: string } }) => e.data.documentId)).to.deep.equal([first.id]);
    expect((await sys.http.get(`/cases/${id}/documents`)).body.items.map((d: { id: string }) => d.id)).to.deep.equal([first.id]);
  });
});
