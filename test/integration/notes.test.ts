/**
 * Notes: a case takes as many as its people write, each up to 10,000 characters. Its view shows
 * the latest and counts them all; `GET /cases/:id/notes` pages through every one. A note or a
 * request over its limit is refused with a problem body that names the field.
 */
import { expect } from 'chai';
import { startSystem, type TestSystem } from '../helpers/system';
import { ok, toAssessment } from '../helpers/cases';
import { quickCase } from '../fixtures/definitions';

describe('notes on a case', () => {
  let sys: TestSystem;
  before(async () => {
    sys = await startSystem({ definitions: [quickCase] });
  });
  after(async () => sys?.stop());

  it('shows the latest ten with the case, counts them all, and pages through every one', async () => {
    const id = await toAssessment(sys);
    for (let i = 1; i <= 25; i++) await ok(sys, `/cases/${id}/notes`, { text: `Note ${i}` });
    const view = (await sys.http.get(`/cases/${id}`)).body;
    expect(view.noteCount).to.equal(25);
    expect(view.notes.map((n: { text: string }) => n.text)).to.deep.equal(Array.from({ length: 10 }, (_, i) => `Note ${i + 16}`));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: { text: string; by: string }[]; nextCursor: string | null } } = await sys.http.get(`/cases/${id}/notes?limit=10${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).to.equal(200);
      seen.push(...page.body.items.map((n) => n.text));
      expect(page.body.items.every((n) => n.by === sys.admin.id)).to.equal(true);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).to.deep.equal(Array.from({ length: 25 }, (_, i) => `Note ${i + 1}`));
    const bad = await sys.http.get(`/cases/${id}/notes?cursor=bm90LWEtY3Vyc29y`);
    expect(bad.status).to.equal(422);
    expect(bad.body.errors[0].field).to.equal('query.cursor');
    expect((await sys.http.get('/cases/quick-case-999999/notes')).status).to.equal(404);
  });

  it('refuses a note over 10,000 characters (422) and a body over 1 MB (413), naming the field, and changes nothing', async () => {
    const id = await toAssessment(sys);
    const longest = await sys.http.post(`/cases/${id}/notes`, { text: 'a'.repeat(10_000) });
    expect(longest.status).to.equal(200);
    const over = await sys.http.post(`/cases/${id}/notes`, { text: 'a'.repeat(10_001) });
    expect(over.status).to.equal(422);
    expect(over.body.errors).to.deep.equal([{ field: 'text', message: 'must be at most 10000 characters' }]);
    const huge = await sys.http.post(`/cases/${id}/notes`, { text: 'a'.repeat(1_100_000) });
    expect(huge.status).to.equal(413);
    expect(huge.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(huge.body.errors[0]).to.deep.include({ field: '(body)' });
    expect((await sys.http.get(`/cases/${id}`)).body.noteCount).to.equal(1);
  });
});
