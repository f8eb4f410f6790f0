/** Documents on a case over HTTP: upload, list, download, the trail entry, and every refusal leaving nothing behind. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { expect } from 'chai';
import { intake, ok, openCase, types } from '../helpers/cases';
import { startSystem, type TestSystem, type TestUser } from '../helpers/system';
import { quickCase } from '../fixtures/definitions';

const MAX_BYTES = 64 * 1024;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Every file under a directory, as paths relative to it. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
}

describe('documents on a case', () => {
  let sys: TestSystem;
  let documentsDir: string;

  before(async () => {
    sys = await startSystem({ definitions: [quickCase], documentMaxBytes: MAX_BYTES });
    documentsDir = path.join(sys.dataDir, 'documents');
  });
  after(async () => sys?.stop());

  async function upload(caseId: string, bytes: Uint8Array, fileName: string, options: { title?: string; type?: string; field?: string; as?: TestUser; idempotencyKey?: string } = {}) {
    const form = new FormData();
    form.append(options.field ?? 'file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type: options.type ?? 'application/pdf' }), fileName);
    if (options.title) form.append('title', options.title);
    const res = await fetch(`${sys.url}/cases/${caseId}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${(options.as ?? sys.admin).key}`, ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}) },
      body: form,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  }

  async function rowsOf(caseId: string) {
    return sys.db('documents').where({ case_id: caseId });
  }

  it('stores an upload by its checksum, lists it, serves it back byte for byte, and records it in a trail that verifies', async () => {
    const { id } = await openCase(sys);
    const bytes = new Uint8Array(20_000).map((_, i) => (i * 31) % 256);
    const res = await upload(id, bytes, 'assessment notes.pdf', { title: 'Assessment notes' });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body).to.deep.include({ caseId: id, sha256: sha256(bytes), size: bytes.length, contentType: 'application/pdf', fileName: 'assessment notes.pdf', title: 'Assessment notes', uploadedBy: sys.admin.id });
    expect(res.headers.get('location')).to.equal(`/cases/${id}/documents/${res.body.id}`);
    expect(filesUnder(documentsDir)).to.deep.equal([path.join(sha256(bytes).slice(0, 2), sha256(bytes))]);

    const list = await sys.http.get(`/cases/${id}/documents`);
    expect(list.status).to.equal(200);
    expect(list.body.items).to.deep.equal([res.body]);

    const download = await fetch(`${sys.url}/cases/${id}/documents/${res.body.id}`, { headers: { authorization: `Bearer ${sys.admin.key}` } });
    expect(download.status).to.equal(200);
    expect(download.headers.get('content-type')).to.equal('application/pdf');
    expect(download.headers.get('content-disposition')).to.equal('attachment; filename="assessment notes.pdf"');
    expect(download.headers.get('etag')).to.equal(`"${sha256(bytes)}"`);
    expect(download.headers.get('x-content-sha256')).to.equal(sha256(bytes));
    const got = new Uint8Array(await download.arrayBuffer());
    expect(sha256(got)).to.equal(sha256(bytes));
    expect(Buffer.from(got).equals(Buffer.from(bytes))).to.equal(true);

    const again = await fetch(`${sys.url}/cases/${id}/documents/${res.body.id}`, { headers: { authorization: `Bearer ${sys.admin.key}`, 'if-none-match': `"${sha256(bytes)}"`, 'cache-control': 'max-age=0' } });
    expect(again.status).to.equal(304);

    const view = (await sys.http.get(`/cases/${id}`)).body;
    expect(view.documents).to.have.length(1);
    expect(view.documents[0]).to.deep.include({ id: res.body.id, sha256: sha256(bytes), size: bytes.length, fileName: 'assessment notes.pdf', title: 'Assessment notes', by: sys.admin.id });
    const trail = (await sys.http.get(`/cases/${id}/events`)).body;
    expect(types(trail)).to.include('document_added');
    const entry = trail.items.find((e: { type: string }) => e.type === 'document_added');
    expect(entry.data).to.deep.equal({ documentId: res.body.id, sha256: sha256(bytes), size: bytes.length, fileName: 'assessment notes.pdf', contentType: 'application/pdf', title: 'Assessment notes' });
    expect((await sys.http.get(`/cases/${id}/events/verify`)).body.valid).to.equal(true);
  });

  it('refuses a document over the size limit with 413 and leaves no file and no row', async () => {
    const largest = await upload((await openCase(sys)).id, new Uint8Array(MAX_BYTES).fill(6), 'largest.bin');
    expect(largest.status, JSON.stringify(largest.body)).to.equal(201);
    const { id } = await openCase(sys);
    const before = filesUnder(documentsDir);
    const res = await upload(id, new Uint8Array(MAX_BYTES + 1).fill(7), 'big.bin');
    expect(res.status).to.equal(413);
    expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(res.body.errors).to.deep.equal([{ field: 'file', message: `must be at most ${MAX_BYTES} bytes` }]);
    expect(await rowsOf(id)).to.deep.equal([]);
    expect(filesUnder(documentsDir)).to.deep.equal(before);
    expect(types((await sys.http.get(`/cases/${id}/events`)).body)).not.to.include('document_added');
  });

  /**
   * Sends a multipart upload slowly, 16 KiB every 50 ms up to `total` bytes of file, and says how
   * the server answered and how much had gone out by then.
   */
  function slowUpload(caseId: string, total: number, declareLength: boolean): Promise<{ status: number; ms: number; sentWhenAnswered: number; body: string }> {
    const boundary = 'casework-slow-upload';
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const chunk = Buffer.alloc(16 * 1024, 7);
    const started = Date.now();
    return new Promise((resolve, reject) => {
      let sent = 0;
      let timer: NodeJS.Timeout | undefined;
      const req = http.request(`${sys.url}/cases/${caseId}/documents`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${sys.admin.key}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          ...(declareLength ? { 'content-length': String(head.length + total + tail.length) } : {}),
        },
      });
      req.on('response', (res) => {
        const sentWhenAnswered = sent;
        const ms = Date.now() - started;
        clearTimeout(timer);
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms, sentWhenAnswered, body }));
        res.on('error', reject);
      });
      // The server closes the connection while the client still sends: expected here.
      req.on('error', () => undefined);
      req.write(head);
      const next = () => {
        if (sent >= total) return void req.end(tail);
        req.write(chunk);
        sent += chunk.length;
        timer = setTimeout(next, 50);
      };
      next();
    });
  }

  it('answers 413 as soon as an upload passes the limit, and at once when Content-Length is past it, without reading the rest', async () => {
    const { id } = await openCase(sys);
    const before = filesUnder(documentsDir);
    const total = 4 * 1024 * 1024; // 256 chunks: 12.8 s to send whole
    const streamed = await slowUpload(id, total, false);
    expect(streamed.status, streamed.body).to.equal(413);
    expect(JSON.parse(streamed.body)).to.include({ status: 413, title: 'Payload Too Large' });
    expect(streamed.sentWhenAnswered, 'bytes sent when the answer came').to.be.at.most(MAX_BYTES + 8 * 16 * 1024);

    const declared = await slowUpload(id, total, true);
    expect(declared.status, declared.body).to.equal(413);
    expect(declared.sentWhenAnswered, 'bytes sent when the answer came').to.be.at.most(2 * 16 * 1024);
    console.log(`      413 after ${streamed.ms} ms (${streamed.sentWhenAnswered} bytes sent) streaming; after ${declared.ms} ms with Content-Length`);

    expect(await rowsOf(id)).to.deep.equal([]);
    expect(filesUnder(documentsDir)).to.deep.equal(before);
    expect(fs.readdirSync(path.join(documentsDir, '.incoming'))).to.deep.equal([]);
  });

  it('keeps a file name with path segments only as a sanitised name, never as a path', async () => {
    const { id } = await openCase(sys);
    const bytes = new TextEncoder().encode('not a password file');
    const before = new Set(fs.readdirSync(sys.dataDir));
    const res = await upload(id, bytes, '../../../etc/..\\passwd"<x>', { type: 'text/plain' });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body.fileName).not.to.match(/[\\/"<>]|\.\./);
    expect(res.body.fileName).to.include('passwd');
    expect(new Set(fs.readdirSync(sys.dataDir))).to.deep.equal(before);
    expect(filesUnder(documentsDir)).to.include(path.join(sha256(bytes).slice(0, 2), sha256(bytes)));
    const download = await fetch(`${sys.url}/cases/${id}/documents/${res.body.id}`, { headers: { authorization: `Bearer ${sys.admin.key}` } });
    expect(download.headers.get('content-disposition')).to.equal(`attachment; filename="${res.body.fileName}"`);
    expect(download.headers.get('content-type')).to.equal('text/plain');
    expect(await download.text()).to.equal('not a password file');
  });

  it('serves a document whose type could run script as application/octet-stream, every download sandboxed and as an attachment', async () => {
    const { id } = await openCase(sys);
    const download = (docId: string) => fetch(`${sys.url}/cases/${id}/documents/${docId}`, { headers: { authorization: `Bearer ${sys.admin.key}` } });
    const served: Record<string, string | null> = {};
    for (const [type, name, text] of [
      ['text/html', 'page.html', '<script>fetch("/cases")</script>'],
      ['image/svg+xml', 'logo.svg', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'],
      ['application/xhtml+xml', 'page.xhtml', '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>'],
      ['application/pdf', 'letter.pdf', '%PDF-1.4'],
      ['image/png', 'photo.png', 'not really a png'],
    ]) {
      const uploaded = await upload(id, new TextEncoder().encode(`${text} ${type}`), name, { type });
      expect(uploaded.status, JSON.stringify(uploaded.body)).to.equal(201);
      expect(uploaded.body.contentType).to.equal(type);
      const res = await download(uploaded.body.id);
      expect(res.status).to.equal(200);
      served[type] = res.headers.get('content-type');
      expect(res.headers.get('content-security-policy'), type).to.match(/(^|;\s*)sandbox(;|$)/);
      expect(res.headers.get('x-content-type-options'), type).to.equal('nosniff');
      expect(res.headers.get('content-disposition'), type).to.equal(`attachment; filename="${name}"`);
      expect(await res.text()).to.equal(`${text} ${type}`);
    }
    expect(served).to.deep.equal({
      'text/html': 'application/octet-stream',
      'image/svg+xml': 'application/octet-stream',
      'application/xhtml+xml': 'application/octet-stream',
      'application/pdf': 'application/pdf',
      'image/png': 'image/png',
    });
  });

  it('answers a retried upload with its first answer, and refuses the same Idempotency-Key for another file or title', async () => {
    const { id } = await openCase(sys);
    const bytes = new TextEncoder().encode(`signed consent for ${id}`);
    const key = `upload-${id}`;
    const first = await upload(id, bytes, 'consent.txt', { type: 'text/plain', title: 'Consent', idempotencyKey: key });
    expect(first.status, JSON.stringify(first.body)).to.equal(201);

    const retry = await upload(id, bytes, 'consent.txt', { type: 'text/plain', title: 'Consent', idempotencyKey: key });
    expect(retry.status).to.equal(201);
    expect(retry.headers.get('idempotent-replayed')).to.equal('true');
    expect(retry.body).to.deep.equal(first.body);

    const filesBefore = filesUnder(documentsDir);
    const otherFile = await upload(id, new TextEncoder().encode(`another letter for ${id}`), 'letter.txt', { type: 'text/plain', title: 'Consent', idempotencyKey: key });
    expect(otherFile.status).to.equal(422);
    expect(otherFile.body.errors[0].field).to.equal('Idempotency-Key');
    const otherTitle = await upload(id, bytes, 'consent.txt', { type: 'text/plain', title: 'Consent, signed', idempotencyKey: key });
    expect(otherTitle.status).to.equal(422);

    expect((await rowsOf(id)).map((r: { id: string }) => r.id)).to.deep.equal([first.body.id]);
    expect(filesUnder(documentsDir)).to.deep.equal(filesBefore);
    expect(types((await sys.http.get(`/cases/${id}/events`)).body).filter((t) => t === 'document_added')).to.have.length(1);
  });

  it('refuses an upload to a closed case with 409 and leaves nothing behind', async () => {
    const { id } = await openCase(sys);
    await ok(sys, `/cases/${id}/close`, { reason: 'Client moved away' });
    const before = filesUnder(documentsDir);
    const bytes = new TextEncoder().encode(`late evidence for ${id}`);
    const res = await upload(id, bytes, 'late.txt', { type: 'text/plain' });
    expect(res.status).to.equal(409);
    expect(await rowsOf(id)).to.deep.equal([]);
    expect(filesUnder(documentsDir)).to.deep.equal(before);
  });

  it('refuses what is not a multipart upload with 415, and a file in the wrong field with 422', async () => {
    const { id } = await openCase(sys);
    const asText = await sys.http.raw('POST', `/cases/${id}/documents`, 'hello', { 'content-type': 'text/plain' });
    expect(asText.status).to.equal(415);
    const asJson = await sys.http.post(`/cases/${id}/documents`, { file: 'hello' });
    expect(asJson.status).to.equal(415);
    const before = filesUnder(documentsDir);
    const wrongField = await upload(id, new TextEncoder().encode('x'), 'x.txt', { field: 'attachment' });
    expect(wrongField.status).to.equal(422);
    expect(wrongField.body.errors.map((e: { field: string }) => e.field)).to.include('attachment');
    expect(await rowsOf(id)).to.deep.equal([]);
    expect(filesUnder(documentsDir)).to.deep.equal(before);
  });

  it('lets a caseworker add documents to a case given to them, and a viewer list and download but not upload', async () => {
    const worker = await sys.addUser({ roles: ['caseworker'] });
    const viewer = await sys.addUser({ roles: ['viewer'] });
    const { id } = await ok(sys, '/cases', { definition: 'quick-case', title: 'Housing support', team: 'team-a', assignee: worker.id, intake });
    const bytes = new TextEncoder().encode('tenancy agreement');
    const added = await upload(id, bytes, 'tenancy.txt', { type: 'text/plain', as: worker });
    expect(added.status, JSON.stringify(added.body)).to.equal(201);
    expect(added.body.uploadedBy).to.equal(worker.id);

    expect((await upload(id, bytes, 'again.txt', { as: viewer })).status).to.equal(403);
    const list = await sys.as(viewer).get(`/cases/${id}/documents`);
    expect(list.status).to.equal(200);
    expect(list.body.items.map((d: { id: string }) => d.id)).to.deep.equal([added.body.id]);
    const download = await sys.as(viewer).get(`/cases/${id}/documents/${added.body.id}`);
    expect(download.status).to.equal(200);
    expect(download.body).to.equal('tenancy agreement');

    const stranger = await sys.addUser({ roles: ['caseworker'] });
    expect((await upload(id, bytes, 'x.txt', { as: stranger })).status).to.equal(404);
  });
});
