/**
 * What an operator sees of the API: Prometheus metrics at /metrics without a key, liveness apart
 * from readiness, JSON log lines that carry the request id, case id and actor, and never what
 * people typed.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { Client } from '@temporalio/client';
import type { DefinitionInput } from '../../common/definition-schema';
import { quickCase } from '../fixtures/definitions';
import { ok } from '../helpers/cases';
import { eventually } from '../helpers/eventually';
import { captureLogs } from '../helpers/log-capture';
import { httpClient, startSystem, type TestSystem } from '../helpers/system';

/** The quick case with a free-text field in every form, so each form can carry a sentinel. */
const textCase: DefinitionInput = {
  ...quickCase,
  key: 'text-case',
  forms: {
    intake: [...quickCase.forms.intake!, { name: 'story', type: 'string' }],
    assessment: [...quickCase.forms.assessment!, { name: 'summary', type: 'string' }],
    evaluation: [...quickCase.forms.evaluation!, { name: 'comment', type: 'string' }],
    transition: [...quickCase.forms.transition!, { name: 'remark', type: 'string' }],
    contact: [...quickCase.forms.contact!, { name: 'remark', type: 'string' }],
  },
};

/** One metric's value from an exposition, by its name and labels; undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('observability: metrics, health and logs', () => {
  let sys: TestSystem;
  before(async () => {
    sys = await startSystem({ definitions: [quickCase, textCase], metrics: true });
  });
  after(async () => sys?.stop());

  it('serves Prometheus metrics without a key: requests by route, method and status with latency, commands by outcome, case gauges', async () => {
    const { id } = await ok(sys, '/cases', { definition: 'quick-case', title: 'Housing support', intake: { client_name: 'Ada', eligible: true } });
    await ok(sys, `/cases/${id}/screening`, { decision: 'accept', reason: 'Meets the criteria' });
    expect((await sys.http.post(`/cases/${id}/screening`, { decision: 'accept', reason: 'again' })).status).to.equal(409);
    expect((await sys.http.post(`/cases/${id}/assessment`, { data: { severity: 99 } })).status).to.equal(422);
    expect((await sys.http.get(`/cases/${id}`)).status).to.equal(200);

    const res = await fetch(`${sys.url}/metrics`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/plain/);
    const text = await res.text();
    expect(sample(text, 'casework_http_requests_total', { route: '/cases/:id', method: 'GET', status: '200' })).to.equal(1);
    expect(sample(text, 'casework_http_request_duration_seconds_count', { route: '/cases', method: 'POST', status: '201' })).to.equal(1);
    expect(sample(text, 'casework_http_request_duration_seconds_bucket', { route: '/cases', method: 'POST', status: '201', le: '+Inf' })).to.equal(1);
    expect(sample(text, 'casework_commands_total', { command: 'caseOpened', outcome: 'accepted' }) ?? sample(text, 'casework_commands_total', { command: 'open', outcome: 'accepted' })).to.equal(1);
    expect(sample(text, 'casework_commands_total', { command: 'screen', outcome: 'accepted' })).to.equal(1);
    expect(sample(text, 'casework_commands_total', { command: 'screen', outcome: 'conflict' })).to.equal(1);
    expect(sample(text, 'casework_commands_total', { command: 'assess', outcome: 'invalid' })).to.equal(1);
    expect(sample(text, 'casework_open_cases', { phase: 'assessment', risk: 'unassessed' })).to.equal(1);
    expect(sample(text, 'casework_breached_cases')).to.equal(0);
    expect(sample(text, 'casework_outbox_backlog')).to.be.a('number');
    expect(sample(text, 'casework_outbox_oldest_age_seconds')).to.be.a('number');
    // A path is never a label: a case id would make a series per case.
    expect(text).not.to.include(id);
    expect(sample(text, 'casework_api_process_resident_memory_bytes')).to.be.greaterThan(0);
  });

  it('answers liveness apart from readiness: a Temporal it cannot use fails readiness alone', async () => {
    expect((await fetch(`${sys.url}/health/live`)).status).to.equal(200);
    const ready = await fetch(`${sys.url}/health/ready`);
    expect(ready.status).to.equal(200);
    expect(await ready.json()).to.deep.include({ status: 'ok' });
    // The same server, a namespace that does not exist: describeNamespace fails as an unreachable cluster would.
    const elsewhere = await startSystem({ definitions: [quickCase], client: new Client({ connection: sys.env.client.connection, namespace: `missing-${randomBytes(4).toString('hex')}` }) });
    try {
      expect((await fetch(`${elsewhere.url}/health/live`)).status).to.equal(200);
      const notReady = await fetch(`${elsewhere.url}/health/ready`);
      expect(notReady.status).to.equal(503);
      expect(await notReady.json()).to.deep.include({ status: 'degraded', temporal: { ok: false, error: 'unreachable' }, database: { ok: true } });
    } finally {
      await elsewhere.stop();
    }
  });

  it('logs JSON lines with request id, case id and actor, and none of what a whole lifecycle typed', async () => {
    const token = `zq${randomBytes(6).toString('hex')}`;
    const typed = (what: string) => `${what} ${token}`;
    const capture = captureLogs();
    let id = '';
    try {
      const opened = await ok(sys, '/cases', { definition: 'text-case', title: typed('title'), subject: typed('subject'), intake: { client_name: typed('name'), client_email: `${token}@example.org`, eligible: true, story: typed('story') } });
      id = opened.id;
      await ok(sys, `/cases/${id}/screening`, { decision: 'accept', reason: typed('screening') });
      await ok(sys, `/cases/${id}/notes`, { text: typed('note') });
      await ok(sys, `/cases/${id}/assessment`, { data: { severity: 1, housing_risk: false, summary: typed('summary') } });
      await ok(sys, `/cases/${id}/risk`, { level: 'high', reason: typed('override') });
      const planned = await ok(sys, `/cases/${id}/plan`, { goals: [typed('goal')], tasks: [{ title: typed('task'), role: 'case_manager', due: 'P1D' }] });
      await ok(sys, `/cases/${id}/plan/approve`, { approved: true, reason: typed('approval') });
      const task = (planned.tasks ?? planned.openTasks ?? []).find((t: { title: string }) => t.title.includes(token)) as { id: string } | undefined;
      if (task) await ok(sys, `/cases/${id}/tasks/${task.id}/complete`, { outcome: typed('outcome'), note: typed('task note') });
      await ok(sys, `/cases/${id}/hold`, { reason: typed('hold') });
      await ok(sys, `/cases/${id}/resume`, {});
      await ok(sys, `/cases/${id}/follow-ups`, { outcome: 'goals_met', note: typed('follow-up') });
      await ok(sys, `/cases/${id}/transition`, { data: { destination: typed('destination'), remark: typed('transition') } });
      await eventually(async () => {
        const view = (await sys.http.get(`/cases/${id}`)).body;
        if (view.phase !== 'contact') throw new Error(`still in ${view.phase}`);
      });
      await ok(sys, `/cases/${id}/contact`, { data: { doing_well: true, remark: typed('contact') } });
      await ok(sys, `/cases/${id}/evaluation`, { data: { satisfaction: 5, cost: 10, comment: typed('evaluation') } });
      // Refused input is answered with the field's name; the value stays out of the log too.
      expect((await sys.http.post(`/cases/${id}/notes`, { text: typed('late note') })).status).to.equal(409);
      expect((await sys.http.get(`/cases?q=${encodeURIComponent(token)}`)).status).to.equal(200);
      expect((await sys.http.get(`/cases/${id}`)).body.phase).to.equal('closed');
    } finally {
      capture.stop();
    }
    const lines = capture.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = lines.filter((l) => l.requestId !== undefined && l.caseId === id);
    // Every command above was logged with its request id, case and actor.
    expect(requests.length).to.be.at.least(15);
    for (const l of requests) expect(l).to.include({ actor: sys.admin.id, caseId: id });
    expect(new Set(requests.map((l) => l.requestId)).size).to.equal(requests.length);
    // The worker's lines about the case carry its id too.
    expect(lines.some((l) => l.source === 'temporal' && l.caseId === id)).to.equal(true);
    const leaks = capture.lines.filter((l) => l.includes(token));
    expect(leaks, leaks.join('\n')).to.deep.equal([]);
  });

  it('takes a plain X-Request-Id from the caller and answers with it; makes one otherwise', async () => {
    const given = await sys.http.get('/cases', { 'x-request-id': 'lb-1234.abc' });
    expect(given.headers.get('x-request-id')).to.equal('lb-1234.abc');
    const made = await sys.http.get('/cases', { 'x-request-id': 'not a token, with spaces' });
    expect(made.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
    expect((await httpClient(sys.url).get('/metrics')).status).to.equal(200);
    // A case id that does not decode is answered 400 and logged as sent, not thrown from the log line.
    expect((await sys.http.get('/cases/%E0%A4%A')).status).to.equal(400);
    expect((await sys.http.get('/health/live')).status).to.equal(200);
  });

  it('keeps an audit log of admin actions on users, roles and keys, readable by admins alone', async () => {
    const made = await sys.http.post('/users', { id: 'sam', name: 'Sam Lee', email: 'sam@example.org', roles: ['caseworker'], teams: ['team-a'] });
    expect(made.status).to.equal(201);
    expect((await sys.http.patch('/users/sam', { roles: ['case_manager'], name: 'Sam L.' })).status).to.equal(200);
    const key = await sys.http.post('/api-keys', { userId: 'sam', name: 'laptop' });
    expect(key.status).to.equal(201);
    expect((await sys.http.delete(`/api-keys/${key.body.id}`)).status).to.equal(200);
    // A refused change is not an action.
    expect((await sys.http.patch('/users/sam', { email: 'not an address' })).status).to.equal(422);

    const audit = await sys.http.get('/audit?subject=user:sam');
    expect(audit.status).to.equal(200);
    expect(audit.body.items.map((e: { action: string }) => e.action)).to.deep.equal(['user.updated', 'user.created']);
    expect(audit.body.items[0]).to.deep.include({ actor: sys.admin.id, details: { roles: { from: ['caseworker'], to: ['case_manager'] }, changed: ['name'] } });
    const keys = await sys.http.get(`/audit?subject=api_key:${key.body.id}`);
    expect(keys.body.items.map((e: { action: string; details: unknown }) => [e.action, e.details])).to.deep.equal([
      ['api_key.revoked', { userId: 'sam' }],
      ['api_key.created', { userId: 'sam', name: 'laptop' }],
    ]);
    // An id past the column's range is refused by name (PostgreSQL's integer would otherwise fail the query).
    const past = await sys.http.get('/audit?before=9007199254740990');
    expect(past.status).to.equal(422);
    expect(past.body.errors[0].field).to.equal('query.before');
    const manager = await sys.addUser({ roles: ['case_manager', 'supervisor'] });
    expect((await sys.as(manager).get('/audit')).status).to.be.oneOf([403, 404]);
  });
});
