/** Export of a case as a ZIP whose chain verifies from the archive alone; a person's data exported, corrected and erased by the field that identifies them. */
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { strFromU8, unzipSync } from 'fflate';
import type { TrailEntry } from '../../common/case-types';
import type { DefinitionInput } from '../../common/definition-schema';
import { verifyChain } from '../../store/trail';
import { startSystem, type TestSystem } from '../helpers/system';
import { ok } from '../helpers/cases';
import { quickCase } from '../fixtures/definitions';

const personal: DefinitionInput = { ...quickCase, key: 'personal-case', personal_data: { identifier: 'client_email' } };
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('exports and a person’s data', () => {
  let sys: TestSystem;
  before(async () => {
    sys = await startSystem({ definitions: [personal] });
  });
  after(async () => sys?.stop());

  async function zip(path: string): Promise<Record<string, Uint8Array>> {
    const res = await fetch(`${sys.url}${path}`, { headers: { authorization: `Bearer ${sys.admin.key}` } });
    expect(res.status, path).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('application/zip');
    return unzipSync(new Uint8Array(await res.arrayBuffer()));
  }

  async function open(email: string, name = 'Ada Lovelace') {
    return (await ok(sys, '/cases', { definition: 'personal-case', title: 'Housing support', intake: { client_name: name, client_email: email, eligible: true } })).id as string;
  }

  async function upload(id: string, text: string) {
    const form = new FormData();
    form.append('file', new Blob([text], { type: 'text/plain' }), 'letter.txt');
    const res = await fetch(`${sys.url}/cases/${id}/documents`, { method: 'POST', headers: { authorization: `Bearer ${sys.admin.key}` }, body: form });
    expect(res.status).to.equal(201);
  }

  it('exports a case as a ZIP whose manifest, documents and hash chain verify from the archive alone', async () => {
    const id = await open('ada@example.org');
    await ok(sys, `/cases/${id}/notes`, { text: 'Called the landlord' });
    await upload(id, 'The letter from the landlord');
    const files = await zip(`/cases/${id}/export`);

    const manifest = strFromU8(files.SHA256SUMS).trim().split('\n').map((line) => line.split('  '));
    expect(manifest.map(([, path]) => path).sort()).to.deep.equal(Object.keys(files).filter((p) => p !== 'SHA256SUMS').sort());
    for (const [digest, path] of manifest) expect(sha256(files[path]), path).to.equal(digest);

    const trail = strFromU8(files['trail.jsonl']).trim().split('\n').map((line) => JSON.parse(line) as TrailEntry);
    expect(verifyChain(trail)).to.deep.equal({ valid: true, entries: trail.length });
    expect(trail.map((e) => e.type)).to.include.members(['case_opened', 'note_added', 'document_added']);
    const added = trail.find((e) => e.type === 'document_added')!.data as { sha256: string };
    const doc = Object.keys(files).find((p) => p.startsWith('documents/'))!;
    expect(sha256(files[doc])).to.equal(added.sha256);
    const view = JSON.parse(strFromU8(files['case.json']));
    expect(view.notes.map((n: { text: string }) => n.text)).to.deep.equal(['Called the landlord']);

    // The same check finds an entry changed inside the archive.
    const changed = trail.map((e) => (e.type === 'note_added' ? { ...e, data: { ...e.data, text: 'Something else' } } : e)) as TrailEntry[];
    expect(verifyChain(changed).valid).to.equal(false);
  });

  it("exports, corrects and erases a person's data across their cases by the field that identifies them, recorded, and refuses erasure while a case is open", async () => {
    const email = 'grace@example.org';
    const closed = await open(email, 'Grace Hopper');
    await ok(sys, `/cases/${closed}/close`, { reason: 'Moved away' });
    const running = await open(email, 'Grace Hopper');
    const other = await open('someone@example.org', 'Someone Else');

    const files = await zip(`/subjects/export?identifier=${encodeURIComponent(email)}`);
    const subject = JSON.parse(strFromU8(files['subject.json']));
    expect(subject.cases.map((c: { id: string }) => c.id).sort()).to.deep.equal([closed, running].sort());
    expect(Object.keys(files)).to.include(`cases/${closed}/trail.jsonl`).and.include(`cases/${running}/case.json`);
    expect(Object.keys(files).some((p) => p.includes(other))).to.equal(false);

    const bad = await sys.http.post('/subjects/correct', { identifier: email, intake: { client_name: 'G' }, reason: 'Typo' });
    expect(bad.status).to.equal(422);
    expect(bad.body.errors[0].field).to.equal('intake.client_name');
    const corrected = await sys.http.post('/subjects/correct', { identifier: email, intake: { client_name: 'Grace B. Hopper' }, reason: 'Name misspelt' });
    expect(corrected.status, JSON.stringify(corrected.body)).to.equal(200);
    for (const id of [closed, running]) {
      expect((await sys.http.get(`/cases/${id}`)).body.intake.client_name, id).to.equal('Grace B. Hopper');
      const trail = (await sys.http.get(`/cases/${id}/events`)).body.items;
      expect(trail.at(-1)).to.deep.include({ type: 'personal_data_corrected', data: { intake: { client_name: 'Grace B. Hopper' }, reason: 'Name misspelt' } });
    }
    expect((await sys.http.get(`/cases/${other}`)).body.intake.client_name).to.equal('Someone Else');

    const refused = await sys.http.post('/subjects/erase', { identifier: email, reason: 'Asked to be forgotten' });
    expect(refused.status).to.equal(409);
    expect(refused.body.detail).to.include(running);
    expect((await sys.http.get(`/cases/${closed}`)).body.intake.client_email).to.equal(email);

    // A second open case and a hold on the closed one: each is named, with the step that clears it.
    const another = await open(email, 'Grace Hopper');
    await ok(sys, `/cases/${another}/hold`, { reason: 'Waiting for the landlord' });
    await ok(sys, `/cases/${closed}/legal-hold`, { reason: 'Tribunal claim' });
    const named = await sys.http.post('/subjects/erase', { identifier: email, reason: 'Asked to be forgotten' });
    expect(named.status).to.equal(409);
    expect(named.body.title).to.equal('Cases Open');
    const messages = (named.body.errors as { field: string; message: string }[]).map((e) => { expect(e.field).to.equal('identifier'); return e.message; });
    expect(messages).to.have.length(3);
    expect(messages.find((m) => m.startsWith(`case ${running} `))).to.include('open, in screening').and.include(`POST /cases/${running}/close`);
    expect(messages.find((m) => m.startsWith(`case ${another} `))).to.include('on hold').and.include(`POST /cases/${another}/close`);
    expect(messages.find((m) => m.startsWith(`case ${closed} `))).to.include('legal hold (Tribunal claim)').and.include(`POST /cases/${closed}/legal-hold/release`);
    await ok(sys, `/cases/${another}/close`, { reason: 'Withdrawn: erasure asked for' });
    await ok(sys, `/cases/${closed}/legal-hold/release`, { reason: 'Claim settled' });

    await ok(sys, `/cases/${running}/close`, { reason: 'Done' });
    const erased = await sys.http.post('/subjects/erase', { identifier: email, reason: 'Asked to be forgotten' });
    expect(erased.status, JSON.stringify(erased.body)).to.equal(200);
    expect(erased.body.items.map((d: { caseId: string }) => d.caseId).sort()).to.deep.equal([closed, running, another].sort());
    for (const id of [closed, running, another]) {
      const view = (await sys.http.get(`/cases/${id}`)).body;
      expect(JSON.stringify(view)).to.not.include('grace');
      expect((await sys.http.get(`/cases/${id}/events/verify`)).body.valid).to.equal(true);
    }
    const after = await zip(`/subjects/export?identifier=${encodeURIComponent(email)}`);
    expect(JSON.parse(strFromU8(after['subject.json'])).cases).to.deep.equal([]);
    const audit = (await sys.http.get('/audit?action=subject.erased')).body.items;
    expect(audit[0]).to.deep.include({ action: 'subject.erased', actor: sys.admin.id });
  });
});
