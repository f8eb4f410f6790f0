/**
 * Part 4: `GET /cases` with two filters and paging over a large read model. The rows are the
 * `cases` rows `saveCaseRecord` writes (the store's own `caseRecordColumns`), inserted many to a
 * statement into a read model of their own (SQLite or PostgreSQL), and read through an API
 * instance on it. The list reads `cases` alone, so no other table is written.
 */
import { performance } from 'node:perf_hooks';
import type { CaseRow } from '../common/case-types';
import { PHASES, RISK_LEVELS } from '../common/phases';
import { caseRecordColumns } from '../store/cases';
import { isSqlite, openDb, writeTransaction, type DbOptions } from '../store/db';
import { expectOk, type Api } from './http';
import { summarize } from './load';
import { startApi, type SystemOptions } from './system';
import type { Teardown } from './teardown';
import { seededRandom } from '../common/seeded-random';

// 500 rows of 24 columns are 12,000 parameters a statement, under SQLite's 32,766 and PostgreSQL's 65,535.
const ROWS_PER_INSERT = 500;
const ROWS_PER_TRANSACTION = 5_000;
const PAGES = 5;
const YEAR_MS = 365 * 24 * 3600 * 1000;
const FILTERS = ['status=open&risk=high', 'status=open&team=team-b', 'phase=implementation&risk=moderate'];

function seededRow(i: number, rnd: () => number, now: number): CaseRow {
  const pick = <T>(values: readonly T[]) => values[Math.floor(rnd() * values.length)];
  const phase = pick(PHASES);
  const openedAt = new Date(now - Math.floor(rnd() * YEAR_MS)).toISOString();
  const assessed = phase !== 'screening' && phase !== 'assessment';
  return {
    id: `seed-${String(i).padStart(7, '0')}`,
    number: i,
    definitionKey: pick(['hr-grievance', 'insurance-claim', 'fraud-investigation', 'incident-resolution']),
    definitionVersion: 1,
    title: `Seeded case ${i}`,
    team: pick(['team-a', 'team-b', 'team-c', 'team-d']),
    phase,
    status: phase === 'closed' ? 'closed' : rnd() < 0.9 ? 'open' : 'on_hold',
    riskLevel: assessed ? pick(RISK_LEVELS) : undefined,
    riskScore: assessed ? Math.round(rnd() * 100) / 10 : undefined,
    assignee: `worker-${Math.floor(rnd() * 40)}`,
    openedAt,
    closedAt: phase === 'closed' ? openedAt : undefined,
    breached: rnd() < 0.05,
    revision: 1,
    updatedAt: openedAt,
  };
}

/** Writes `rows` cases into the read model; the seconds it took. */
export async function seedCases(readModel: DbOptions, rows: number): Promise<number> {
  const db = await openDb(readModel);
  const rnd = seededRandom(42);
  const now = Date.now();
  const started = performance.now();
  try {
    for (let from = 0; from < rows; from += ROWS_PER_TRANSACTION) {
      const chunk: Array<ReturnType<typeof caseRecordColumns>> = [];
      for (let i = from; i < Math.min(rows, from + ROWS_PER_TRANSACTION); i++) chunk.push(caseRecordColumns(seededRow(i + 1, rnd, now)));
      await writeTransaction(db, async (trx) => {
        for (let at = 0; at < chunk.length; at += ROWS_PER_INSERT) await trx('cases').insert(chunk.slice(at, at + ROWS_PER_INSERT));
      });
    }
    // A deployment's autovacuum analyzes a table soon after it grows this much, and PostgreSQL plans
    // from those statistics; a bulk load is analyzed at once so the list is planned as it would be
    // there. SQLite is left as a deployment has it: the product never runs ANALYZE on it.
    if (!isSqlite(db)) await db.raw('analyze cases');
  } finally {
    await db.destroy();
  }
  return (performance.now() - started) / 1000;
}

/** Follows `nextCursor` for a few pages per filter, timing each request, until `requests` are done. */
async function page(http: Api, requests: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let run = 0; latencies.length < requests; run++) {
    let cursor: string | null = null;
    for (let p = 0; p < PAGES && latencies.length < requests; p++) {
      const query = `/cases?${FILTERS[run % FILTERS.length]}&limit=50${cursor ? `&cursor=${cursor}` : ''}`;
      const t0 = performance.now();
      const body = await expectOk(http.get(query), 'list');
      latencies.push(performance.now() - t0);
      if (body.items.length === 0) throw new Error(`${query} listed nothing`);
      cursor = body.nextCursor;
      if (!cursor) break;
    }
  }
  return latencies;
}

export async function listPart(t: Teardown, o: SystemOptions & { readModel: DbOptions; rows: number; requests: number; address: string; taskQueue: string }) {
  const seedSeconds = await seedCases(o.readModel, o.rows);
  console.log(`  ${o.rows} rows written in ${seedSeconds.toFixed(1)} s`);
  const { api, http } = await startApi(t, 'list api', o);
  await page(http, 20);
  const stats = summarize(await page(http, o.requests), 0, 1);
  await api.stop();
  console.log(`  ${stats.count} requests: p50 ${stats.p50Ms} ms, p99 ${stats.p99Ms} ms`);
  return { rows: o.rows, requests: stats.count, p50Ms: stats.p50Ms, p99Ms: stats.p99Ms, maxMs: stats.maxMs, filters: FILTERS, seedSeconds: Math.round(seedSeconds * 10) / 10 };
}
