/**
 * Part 7: "Get next" over a large read model: people in teams of 100 with capabilities, and open
 * tasks in their queues (a fifth requiring a capability at a level, risk and due times spread), in
 * a SQLite database of its own. Each request is what POST /work/next does in the database: read
 * the caller's queue most urgent first, fit roles, capabilities and skips, and claim the first
 * task atomically; the case's own record of the hand (a Temporal update) is measured by part 1.
 * Automatic assignment (least loaded in a team of 100) is timed beside it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { RISK_LEVELS } from '../common/phases';
import { chooseAssignee } from '../store/assignee-choice';
import { openDb, type Db } from '../store/db';
import { capabilitiesOf } from '../store/people';
import { claimTask, queueFor } from '../store/work-queue';
import { summarize } from './load';
import { seededRandom } from '../common/seeded-random';

const TEAM_SIZE = 100;
const CAPABILITIES = ['fraud-forensics', 'language:pl', 'language:de', 'medical-coding', 'legal'];
const BATCH = 500;

async function insertAll(db: Db, table: string, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await db(table).insert(rows.slice(i, i + BATCH));
}

async function seed(db: Db, people: number, tasks: number): Promise<void> {
  const rnd = seededRandom(7);
  const teams = Math.max(1, Math.ceil(people / TEAM_SIZE));
  const now = Date.now();
  const users = Array.from({ length: people }, (_, i) => ({
    id: `person-${String(i).padStart(5, '0')}`,
    name: `Person ${i}`,
    email: `person-${i}@example.org`,
    roles: JSON.stringify(['case_manager', 'caseworker']),
    teams: JSON.stringify([`team-${i % teams}`]),
    active: true,
    created_at: new Date(now).toISOString(),
  }));
  await insertAll(db, 'users', users);
  await insertAll(db, 'person_capabilities', users.flatMap((u) => CAPABILITIES.filter(() => rnd() < 0.4).map((name) => ({ user_id: u.id, name, level: 1 + Math.floor(rnd() * 5) }))));
  await insertAll(db, 'person_limits', users.map((u) => ({ user_id: u.id, max_open_cases: 30, max_open_tasks: 1_000 })));
  await insertAll(
    db,
    'case_tasks',
    Array.from({ length: tasks }, (_, i) => {
      const dated = rnd() < 0.8;
      const requires = rnd() < 0.2 ? JSON.stringify([{ name: CAPABILITIES[Math.floor(rnd() * CAPABILITIES.length)], level: 1 + Math.floor(rnd() * 5) }]) : null;
      return {
        case_id: `seed-${String(Math.floor(i / 2)).padStart(7, '0')}`,
        task_id: `t${(i % 2) + 1}`,
        team: `team-${i % teams}`,
        title: `Seeded task ${i}`,
        assignee: null,
        role: rnd() < 0.5 ? 'case_manager' : 'caseworker',
        due_at: dated ? new Date(now + Math.floor((rnd() * 20 - 2) * 24 * 3600 * 1000)).toISOString() : null,
        required: true,
        status: 'open',
        created_at: new Date(now - Math.floor(rnd() * 90 * 24 * 3600 * 1000)).toISOString(),
        requires,
        prefers: null,
        risk_level: rnd() < 0.9 ? RISK_LEVELS[Math.floor(rnd() * 3)] : null,
      };
    }),
  );
}

export interface GetNextOptions {
  tmp: string;
  people: number;
  tasks: number;
  requests: number;
}

export async function getNextPart({ tmp, people, tasks, requests }: GetNextOptions) {
  const dir = path.join(tmp, 'get-next');
  fs.mkdirSync(dir, { recursive: true });
  const db = await openDb({ dataDir: dir });
  try {
    const seedStarted = performance.now();
    await seed(db, people, tasks);
    const seedSec = (performance.now() - seedStarted) / 1000;
    const rnd = seededRandom(11);
    const teams = Math.max(1, Math.ceil(people / TEAM_SIZE));
    const latencies: number[] = [];
    const scanned: number[] = [];
    let given = 0;
    const started = performance.now();
    for (let k = 0; k < requests; k++) {
      const i = Math.floor(rnd() * people);
      const id = `person-${String(i).padStart(5, '0')}`;
      const t0 = performance.now();
      const seeker = { id, roles: ['case_manager', 'caseworker'] as const, teams: [`team-${i % teams}`], capabilities: await capabilitiesOf(db, id) };
      const { items, scanned: n } = await queueFor(db, { ...seeker, roles: [...seeker.roles] }, new Date(), 10);
      for (const item of items) {
        if ((await claimTask(db, item.caseId, item.taskId, id, 'bench', new Date(), 1_000)) === 'claimed') {
          given++;
          break;
        }
      }
      latencies.push(performance.now() - t0);
      scanned.push(n);
    }
    const getNext = summarize(latencies, 0, (performance.now() - started) / 1000);

    const autoLatencies: number[] = [];
    const autoStarted = performance.now();
    for (let k = 0; k < Math.min(100, requests); k++) {
      const t0 = performance.now();
      await chooseAssignee(db, { team: `team-${k % teams}`, rule: 'least_loaded', kind: 'task', roles: ['case_manager'], requires: [{ name: 'language:pl', level: 2 }] }, new Date());
      autoLatencies.push(performance.now() - t0);
    }
    const automatic = summarize(autoLatencies, 0, (performance.now() - autoStarted) / 1000);
    const sortedScans = [...scanned].sort((a, b) => a - b);
    return { people, tasks, teams, requests, given, seedSec: Math.round(seedSec * 10) / 10, getNext, rowsReadP50: sortedScans[Math.floor(sortedScans.length / 2)], rowsReadMax: sortedScans[sortedScans.length - 1], automatic };
  } finally {
    await db.destroy();
  }
}
