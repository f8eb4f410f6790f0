/**
 * `npx tsx bench/recording.ts [--cases N] [--follow-ups N] [--concurrency N]`: the recording a case
 * command ends with (activities/record.ts → saveCaseRecord), alone, on a fresh SQLite read model in
 * this process: no Temporal, no HTTP. Each case is opened, screened, assessed and planned as the
 * benchmark's cases are, then records follow-ups, each the three entries a follow-up writes (its
 * outcome, the phase entered again, the next follow-up scheduled). Prints this process's CPU per
 * recording (the driver's thread pool included), its wall time and the SQL statements it ran, so
 * the recording's share of the worker's CPU per command can be told from the workflow's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CaseRecord, CaseRow, NewTrailEntry } from '../common/case-types';
import { saveCaseRecord } from '../store/cases';
import { openDb, type Db } from '../store/db';

const { values: args } = parseArgs({
  options: {
    cases: { type: 'string', default: '64' },
    'follow-ups': { type: 'string', default: '30' },
    concurrency: { type: 'string', default: '16' },
  },
});
const count = (name: string, value: string) => {
  if (!/^[1-9]\d{0,5}$/.test(value)) throw new Error(`--${name} takes a whole number from 1 to 999999 (got '${value}')`);
  return Number(value);
};
const CASES = count('cases', args.cases);
const FOLLOW_UPS = count('follow-ups', args['follow-ups']);
const CONCURRENCY = count('concurrency', args.concurrency);

const DAY = 86_400_000;
type Entry = Pick<NewTrailEntry, 'type' | 'actor' | 'data'>;

/** A case as the benchmark's definition makes it, at a revision and time. */
class BenchCase {
  private seq = 0;
  private row: CaseRow;
  constructor(
    readonly id: string,
    number: number,
    private at: number,
  ) {
    const iso = new Date(at).toISOString();
    this.row = { id, number, definitionKey: 'bench-case', definitionVersion: 1, title: 'Benchmark case', team: 'team-a', phase: 'screening', status: 'open', openedAt: iso, breached: false, urgency: 0, revision: 0, updatedAt: iso } as CaseRow;
  }

  record(entries: Entry[], row: Partial<CaseRow> = {}): CaseRecord {
    this.at += 250;
    const at = new Date(this.at).toISOString();
    const events = entries.map((e) => ({ ...e, caseId: this.id, seq: ++this.seq, at }) as NewTrailEntry);
    this.row = { ...this.row, ...row, revision: this.seq, updatedAt: at };
    return { row: this.row, events, writtenAt: this.at, origin: `origin-${this.id}` };
  }

  /** The four recordings that bring a case to implementation: open, screening, assessment, plan. */
  setUp(): CaseRecord[] {
    const due = (days: number) => new Date(this.at + days * DAY).toISOString();
    return [
      this.record([
        { type: 'case_opened', actor: 'admin', data: { title: 'Benchmark case', definition: 'bench-case', version: 1, number: this.row.number, team: 'team-a', intake: { client_name: 'Ada Lovelace', client_email: 'ada@example.org', eligible: true } } },
        { type: 'phase_entered', actor: 'admin', data: { phase: { name: 'screening' } } },
      ] as Entry[]),
      this.record(
        [
          { type: 'screening_decided', actor: 'admin', data: { decision: 'accept', reason: 'Meets the criteria', problems: [] } },
          { type: 'phase_entered', actor: 'system', data: { phase: { name: 'assessment', previous: 'screening' } } },
        ] as Entry[],
        { phase: 'assessment' },
      ),
      this.record(
        [
          { type: 'assessment_recorded', actor: 'admin', data: { data: { severity: 1, housing_risk: false } } },
          { type: 'risk_stratified', actor: 'admin', data: { score: 0, level: 'low', reasons: [] } },
          { type: 'risk_changed', actor: 'admin', data: { risk: { level: 'low', score: 0, reasons: [] } } },
          { type: 'phase_entered', actor: 'system', data: { phase: { name: 'planning', previous: 'assessment' } } },
        ] as Entry[],
        { phase: 'planning', riskLevel: 'low', riskScore: 0 },
      ),
      this.record(
        [
          { type: 'plan_made', actor: 'admin', data: { goals: ['Stay stable'], approvalRequired: false } },
          { type: 'task_assigned', actor: 'admin', data: { task: { id: 't1', title: 'Check in', role: 'caseworker', due: due(7), required: true, explain: 'P7D (calendar time)' } } },
          { type: 'phase_entered', actor: 'system', data: { phase: { name: 'implementation', previous: 'planning' } } },
          { type: 'follow_up_scheduled', actor: 'system', data: { n: 1, cadence: 'P30D', due: due(30), explain: 'P30D (calendar time)' } },
        ] as Entry[],
        { phase: 'implementation', dueAt: due(30) },
      ),
    ];
  }

  followUp(n: number): CaseRecord {
    const due = new Date(this.at + 250 + 30 * DAY).toISOString();
    return this.record(
      [
        { type: 'follow_up_recorded', actor: 'admin', data: { n, outcome: 'on_track', onTime: true } },
        { type: 'phase_entered', actor: 'system', data: { phase: { name: 'implementation', previous: 'implementation' } } },
        { type: 'follow_up_scheduled', actor: 'system', data: { n: n + 1, cadence: 'P30D', due, explain: 'P30D (calendar time)' } },
      ] as Entry[],
      { dueAt: due },
    );
  }
}

interface Stretch {
  recordings: number;
  cpuMsPerRecording: number;
  wallMsPerRecording: number;
  statementsPerRecording: number;
}

/** Runs `lists` side by side, `concurrency` at a time, each list's records in order (one case's writes never overlap). */
async function stretch(db: Db, lists: CaseRecord[][], statements: { n: number }): Promise<Stretch> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const before = statements.n;
  let next = 0;
  const runner = async () => {
    while (next < lists.length) {
      const list = lists[next++];
      for (const r of list) await saveCaseRecord(db, r.row, r.events, r.writtenAt, undefined, r.origin);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, lists.length) }, runner));
  const used = process.cpuUsage(cpu);
  const recordings = lists.reduce((a, l) => a + l.length, 0);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    recordings,
    cpuMsPerRecording: round((used.user + used.system) / 1000 / recordings),
    wallMsPerRecording: round((performance.now() - started) / recordings),
    statementsPerRecording: round((statements.n - before) / recordings),
  };
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-recording-'));
  const db = await openDb({ dataDir });
  try {
    const statements = { n: 0 };
    db.on('query', () => statements.n++);
    const cases = Array.from({ length: CASES }, (_, i) => new BenchCase(`bench-case-${String(i + 1).padStart(6, '0')}`, i + 1, Date.now()));
    const setUp = await stretch(db, cases.map((c) => c.setUp()), statements);
    // Follow-ups go round the cases, as the benchmark's commands do: each list is one case's next few.
    const followUps = await stretch(
      db,
      cases.map((c) => Array.from({ length: FOLLOW_UPS }, (_, n) => c.followUp(n + 1))),
      statements,
    );
    const result = { cases: CASES, followUpsPerCase: FOLLOW_UPS, concurrency: CONCURRENCY, setUp, followUps, node: process.version, cpus: os.cpus().length, loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100) };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await db.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
