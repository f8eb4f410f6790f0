/**
 * Bad input of every kind, at every field, path and query the API takes: each is answered with a
 * 4xx problem that names the field, carries nothing internal, and leaves every case, user and key
 * as it was.
 */
import { expect } from 'chai';
import { quickCase } from '../fixtures/definitions';
import { badInputs } from '../helpers/bad-inputs';
import { intake, toImplementation } from '../helpers/cases';
import { startSystem, type TestSystem } from '../helpers/system';

// What a leaked stack or driver message looks like.
const INTERNALS = /\bat [\w.<>]+ \(|node_modules|\.ts:\d+|SQLITE|knex|select \*|TypeError|ReferenceError/i;

describe('security: bad inputs', () => {
  let sys: TestSystem;
  let caseId: string;
  before(async () => {
    sys = await startSystem({ definitions: [quickCase] });
    caseId = await toImplementation(sys);
    await sys.addUser({ id: 'probe-user', roles: ['viewer'] });
  });
  after(async () => sys?.stop());

  const snapshot = async () => ({
    events: (await sys.http.get(`/cases/${caseId}/events`)).body.items,
    view: (await sys.http.get(`/cases/${caseId}`)).body,
    cases: (await sys.db('cases').count({ n: '*' }))[0].n,
    users: (await sys.http.get('/users')).body.items,
    keys: (await sys.db('api_keys').count({ n: '*' }))[0].n,
  });

  it('answers each with a 4xx problem naming the field, and changes nothing', async function () {
    this.timeout(600_000);
    const battery = badInputs(caseId, 'probe-user');
    const before = await snapshot();
    const wrong: string[] = [];
    const statuses = new Map<number, number>();
    for (const bad of battery) {
      const res = await sys.http.raw(bad.method, bad.path, bad.body, bad.headers);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? '');
      const problems = [
        res.status >= 400 && res.status < 500 ? '' : `status ${res.status}`,
        /^application\/problem\+json/.test(res.headers.get('content-type') ?? '') ? '' : `content type ${res.headers.get('content-type')}`,
        res.body?.status === res.status && typeof res.body?.title === 'string' ? '' : 'not a problem body',
        INTERNALS.test(text) ? 'internal detail in the body' : '',
        res.status === 422 && bad.field && !res.body?.errors?.some((e: { field: string }) => e.field === bad.field || e.field.startsWith(`${bad.field}.`) || bad.field!.startsWith(`${e.field}.`))
          ? `errors do not name ${bad.field}: ${JSON.stringify(res.body?.errors)?.slice(0, 200)}`
          : '',
      ].filter(Boolean);
      if (problems.length > 0) wrong.push(`${bad.name}: ${problems.join('; ')}`);
    }
    const after = await snapshot();
    console.log(`      bad inputs tried: ${battery.length} (answered ${[...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(', ')})`);
    expect(wrong, wrong.slice(0, 30).join('\n')).to.deep.equal([]);
    expect(after).to.deep.equal(before);
  });

  it('trims form values on the way in, so no leading space hides a formula from the CSV guard', async () => {
    const opened = await sys.http.post('/cases', { definition: 'quick-case', title: 'Padded', intake: { ...intake, client_name: '  =1+1  ', client_email: ' ada@example.org ' } });
    expect(opened.status, JSON.stringify(opened.body)).to.equal(201);
    const view = (await sys.http.get(`/cases/${opened.body.id}`)).body;
    expect(view.intake).to.deep.include({ client_name: '=1+1', client_email: 'ada@example.org' });
  });

  it('stores SQL-shaped prose as plain text, and every table is still there', async () => {
    const sql = "Robert'); DROP TABLE cases; --";
    const opened = await sys.http.post('/cases', { definition: 'quick-case', title: sql, subject: "' OR '1'='1", intake: { ...intake, client_name: sql } });
    expect(opened.status).to.equal(201);
    expect(opened.body).to.deep.include({ title: sql, subject: "' OR '1'='1" });
    const noted = await sys.http.post(`/cases/${opened.body.id}/notes`, { text: '1; SELECT * FROM api_keys' });
    expect(noted.body.notes.at(-1).text).to.equal('1; SELECT * FROM api_keys');
    const row = (await sys.http.get('/cases?limit=200')).body.items.find((r: { id: string }) => r.id === opened.body.id);
    expect(row.title).to.equal(sql);
    for (const table of ['cases', 'case_events', 'users', 'api_keys', 'idempotency_keys']) {
      expect(await sys.db.schema.hasTable(table), table).to.equal(true);
    }
  });
});
