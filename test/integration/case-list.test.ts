/** `GET /cases`: text search, sort and the due-date window, with cursors that keep to their order. */
import { expect } from 'chai';
import { quickCase } from '../fixtures/definitions';
import { intake } from '../helpers/cases';
import { startSystem, type TestSystem } from '../helpers/system';

describe('case list: search, sort and due dates over HTTP', () => {
  let sys: TestSystem;
  const opened: string[] = [];
  before(async () => {
    sys = await startSystem({ definitions: [quickCase] });
    for (const [title, subject] of [['Rent arrears', 'Ada Lovelace'], ['Shift allocation', 'Sam Lee'], ['Noise complaint', undefined]] as const) {
      const res = await sys.http.post('/cases', { definition: 'quick-case', title, ...(subject ? { subject } : {}), intake });
      expect(res.status).to.equal(201);
      opened.push(res.body.id);
    }
  });
  after(async () => sys?.stop());

  const ids = async (query: string) => {
    const res = await sys.http.get(`/cases?${query}`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body.items.map((r: { id: string }) => r.id);
  };

  it('finds cases by a part of their id, title or subject, in any letter case', async () => {
    expect(await ids('q=ARREARS')).to.deep.equal([opened[0]]);
    expect(await ids('q=sam%20lee')).to.deep.equal([opened[1]]);
    expect(await ids(`q=${opened[2].slice(-8)}`)).to.deep.equal([opened[2]]);
  });

  it('sorts by title either way and pages in that order with the cursor it hands out', async () => {
    expect(await ids('sort=title')).to.deep.equal([opened[2], opened[0], opened[1]]);
    const first = await sys.http.get('/cases?sort=-title&limit=2');
    expect(first.body.items.map((r: { id: string }) => r.id)).to.deep.equal([opened[1], opened[0]]);
    const second = await sys.http.get(`/cases?sort=-title&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((r: { id: string }) => r.id)).to.deep.equal([opened[2]]);
    const wrongOrder = await sys.http.get(`/cases?sort=title&limit=2&cursor=${first.body.nextCursor}`);
    expect(wrongOrder.status).to.equal(422);
    expect(wrongOrder.body.errors[0].field).to.equal('query.cursor');
  });

  it('keeps cases due in a window, and refuses a window or an order it cannot read, naming the field', async () => {
    // Cases in screening have nothing due yet, so a window holds none of them.
    expect(await ids('dueBefore=2999-01-01')).to.deep.equal([]);
    expect(await ids('dueAfter=2000-01-01T00:00:00Z&q=arrears')).to.deep.equal([]);
    for (const [query, field] of [['dueBefore=yesterday', 'query.dueBefore'], ['sort=priority', 'query.sort'], ['q=', 'query.q']]) {
      const res = await sys.http.get(`/cases?${query}`);
      expect(res.status, query).to.equal(422);
      expect(res.body.errors[0].field, query).to.equal(field);
    }
  });
});
