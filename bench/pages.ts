/**
 * Part 7: the console's pages over a read model of 100,000 cases (the list part's, or one seeded
 * here at that size, in a quick run too), each request timed one at a time from here: "My work" of
 * a person with thousands of tasks, "Cases" as it opens and filtered, and a case page whose trail has
 * 200 entries. The tasks, follow-ups, the person, their session and the busy case are written into
 * that database through the store's own functions before an API instance is started on it.
 */
import http from 'node:http';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { CaseRow, NewTrailEntry } from '../common/case-types';
import { saveCaseRecord } from '../store/cases';
import { openDb, type Db, type DbOptions } from '../store/db';
import { createSession } from '../store/sessions';
import { saveUser } from '../store/users';
import { seedCases } from './list';
import { percentile } from './load';
import { startApi, type SystemOptions } from './system';
import type { Teardown } from './teardown';

const BATCH = 500;
const PERSON = 'worker-7';
const BUSY_CASE = 'hr-grievance-900001';
const TRAIL = 200;
const DAY_MS = 24 * 3600 * 1000;

/** One open task on every seeded case, half assigned to its case's people, and a follow-up on those in the loop. */
async function seedWork(db: Db, now: number): Promise<number> {
  let tasks = 0;
  for (let after = ''; ; ) {
    const rows: Array<{ id: string; team: string; assignee: string; phase: string; status: string }> = await db('cases').where('id', '>', after).orderBy('id').limit(BATCH).select('id', 'team', 'assignee', 'phase', 'status');
    if (rows.length === 0) break;
    const at = new Date(now - 30 * DAY_MS).toISOString();
    await db('case_tasks').insert(
      rows.map((r, i) => ({
        case_id: r.id,
        task_id: 't1',
        team: r.team,
        title: `Seeded task on ${r.id}`,
        assignee: i % 2 === 0 ? r.assignee : null,
        role: i % 3 === 0 ? 'caseworker' : 'case_manager',
        due_at: new Date(now + ((i % 60) - 30) * DAY_MS).toISOString(),
        required: true,
        status: r.status === 'closed' ? 'cancelled' : 'open',
        created_at: at,
      })),
    );
    const looping = rows.filter((r) => r.phase === 'implementation' || r.phase === 'follow_up');
    if (looping.length > 0) {
      await db('case_follow_ups').insert(looping.map((r, i) => ({ case_id: r.id, n: 1, team: r.team, armed_at: at, due_at: new Date(now + ((i % 20) - 5) * DAY_MS).toISOString(), escalated: false, cancelled: false })));
    }
    tasks += rows.length;
    after = rows[rows.length - 1].id;
  }
  return tasks;
}

/** A case whose trail has 200 entries: opened, screening entered, and 198 notes. */
async function seedBusyCase(db: Db, now: number): Promise<void> {
  const at = (i: number) => new Date(now - (TRAIL - i) * 60_000).toISOString();
  const base = { caseId: BUSY_CASE, actor: PERSON };
  const entries: NewTrailEntry[] = [
    { ...base, seq: 1, at: at(1), type: 'case_opened', data: { title: 'A case with 200 trail entries', definition: 'hr-grievance', version: 1, team: 'team-a', assignee: PERSON, intake: {} } },
    { ...base, seq: 2, at: at(2), type: 'phase_entered', data: { phase: { name: 'screening' } } },
  ];
  for (let seq = 3; seq <= TRAIL; seq++) entries.push({ ...base, seq, at: at(seq), type: 'note_added', data: { noteId: `n${seq}`, text: `Note ${seq}: spoke with the client about the next steps.` } });
  const row: CaseRow = {
    id: BUSY_CASE,
    number: 900001,
    definitionKey: 'hr-grievance',
    definitionVersion: 1,
    title: 'A case with 200 trail entries',
    team: 'team-a',
    phase: 'screening',
    status: 'open',
    assignee: PERSON,
    openedAt: at(1),
    breached: false,
    revision: TRAIL,
    updatedAt: at(TRAIL),
  };
  await saveCaseRecord(db, row, entries);
}

function get(port: number, path: string, cookie: string, agent: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ agent, host: '127.0.0.1', port, path, headers: { cookie } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

const loadAverage = () => os.loadavg().map((n) => Math.round(n * 100) / 100);

/** `seedRows`: cases to write first, when the read model is not the list part's. */
export async function pagesPart(t: Teardown, o: SystemOptions & { readModel: DbOptions; seedRows?: number; requests: number; address: string; taskQueue: string }) {
  const loadAtStart = loadAverage();
  if (o.seedRows) console.log(`  ${o.seedRows} cases written in ${(await seedCases(o.readModel, o.seedRows)).toFixed(1)} s`);
  const db = await openDb(o.readModel);
  const cases = Number((await db('cases').count({ n: '*' }))[0].n);
  const now = Date.now();
  let token: string;
  let tasks: number;
  try {
    const started = performance.now();
    tasks = await seedWork(db, now);
    await seedBusyCase(db, now);
    await saveUser(db, { id: PERSON, name: 'Bench Person', email: `${PERSON}@example.org`, roles: ['case_manager', 'supervisor'], teams: ['team-a', 'team-b', 'team-c', 'team-d'] });
    token = (await createSession(db, PERSON, 'Europe/London', new Date())).token;
    console.log(`  ${tasks} tasks, follow-ups and a case of ${TRAIL} entries written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await db.destroy();
  }
  const { api, http: client } = await startApi(t, 'pages api', o);
  const port = Number(new URL(client.url).port);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const cookie = `cw_session=${token}`;
  const pages = {
    myWork: '/app/my-work',
    // In the order the page keeps a filter's address in; another order is redirected to it.
    casesAsOpened: '/app/cases',
    casesFiltered: '/app/cases?risk=high&status=open&team=team-b&sort=dueAt',
    casePage200: `/app/cases/${BUSY_CASE}`,
  };
  const results: Record<string, { p50Ms: number; p95Ms: number; maxMs: number; requests: number }> = {};
  try {
    for (const [name, path] of Object.entries(pages)) {
      for (let i = 0; i < 10; i++) await get(port, path, cookie, agent);
      const latencies: number[] = [];
      for (let i = 0; i < o.requests; i++) {
        const t0 = performance.now();
        const status = await get(port, path, cookie, agent);
        latencies.push(performance.now() - t0);
        if (status !== 200) throw new Error(`${path} answered ${status}`);
      }
      const sorted = latencies.sort((a, b) => a - b);
      const round = (n: number) => Math.round(n * 10) / 10;
      results[name] = { p50Ms: round(percentile(sorted, 50)), p95Ms: round(percentile(sorted, 95)), maxMs: round(sorted[sorted.length - 1]), requests: sorted.length };
      console.log(`  ${name} ${path}: p50 ${results[name].p50Ms} ms, p95 ${results[name].p95Ms} ms`);
    }
  } finally {
    agent.destroy();
    await api.stop();
  }
  return { cases, tasks, trailEntries: TRAIL, pages: results, paths: pages, loadAverage: { atStart: loadAtStart, atEnd: loadAverage() } };
}
