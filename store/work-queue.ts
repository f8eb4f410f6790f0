/**
 * The teams' queues of open tasks nobody holds, read most urgent first, and the claims that take
 * a task out of them. A claim is one row per task under a primary key, so of two people claiming
 * one task at once exactly one wins, on SQLite and PostgreSQL alike, without a lock held across
 * the read.
 */
import type { Knex } from 'knex';
import type { Capability } from '../common/capabilities';
import { meetsNeeds } from '../common/capabilities';
import type { Role, RiskLevel } from '../common/phases';
import { urgency } from '../common/urgency';
import { lockKey, writeTransaction, type Db } from './db';

export interface QueueItem {
  caseId: string;
  taskId: string;
  title: string;
  team: string;
  role?: Role;
  dueAt?: string;
  createdAt: string;
  risk?: RiskLevel;
  requires: Capability[];
  prefers: Capability[];
  urgency: number;
}

export interface Seeker {
  id: string;
  roles: readonly Role[];
  teams: readonly string[];
  capabilities: readonly Capability[];
}

interface TaskRow {
  case_id: string;
  task_id: string;
  title: string;
  team: string;
  role: Role | null;
  due_at: string | null;
  created_at: string;
  risk_level: RiskLevel | null;
  requires: string | null;
  prefers: string | null;
}

const PAGE = 100;
/** How many queue rows one look reads at most before it answers that nothing fits. */
const MAX_SCANNED = 20_000;
const RISK_BUCKETS: Array<RiskLevel | null> = ['high', 'moderate', 'low', null];

const itemFromRow = (r: TaskRow, now: string): QueueItem => ({
  caseId: r.case_id,
  taskId: r.task_id,
  title: r.title,
  team: r.team,
  ...(r.role ? { role: r.role } : {}),
  ...(r.due_at ? { dueAt: r.due_at } : {}),
  createdAt: r.created_at,
  ...(r.risk_level ? { risk: r.risk_level } : {}),
  requires: r.requires ? JSON.parse(r.requires) : [],
  prefers: r.prefers ? JSON.parse(r.prefers) : [],
  urgency: urgency({ now, dueAt: r.due_at ?? undefined, risk: r.risk_level ?? undefined }),
});

/** Open, unheld, unclaimed tasks of these teams; what the queues hold. */
function queued(db: Db, teams: readonly string[]) {
  return db('case_tasks as t')
    .whereIn('t.team', [...teams])
    .where('t.status', 'open')
    .whereNull('t.assignee')
    .whereNotExists(db('task_claims as c').select(db.raw('1')).whereRaw('c.case_id = t.case_id and c.task_id = t.task_id'));
}

/** More urgent first, then the earlier due, then the older. */
const byUrgency = (a: QueueItem, b: QueueItem) =>
  b.urgency - a.urgency || (a.dueAt ?? '\uffff').localeCompare(b.dueAt ?? '\uffff') || a.createdAt.localeCompare(b.createdAt) || a.caseId.localeCompare(b.caseId) || a.taskId.localeCompare(b.taskId);

/**
 * The tasks in the seeker's queues they may take (their role, their capabilities, not skipped),
 * most urgent first: at least every one as urgent as the first, and up to `want` in all.
 *
 * Urgency grows with the time band of the due time and with the case's risk, so the queue is read
 * as eight lists that each keep urgency order by an index (per risk level, dated tasks by due
 * time, then undated ones by age), and a list is read further only while its next row could still
 * beat the best found.
 */
export async function queueFor(db: Db, seeker: Seeker, now: Date, want = 10): Promise<{ items: QueueItem[]; scanned: number }> {
  const at = now.toISOString();
  const isAdmin = seeker.roles.includes('admin');
  const lists = RISK_BUCKETS.flatMap((risk) => [true, false].map((dated) => ({ risk, dated, offset: 0, done: false, last: Infinity })));
  const found: QueueItem[] = [];
  let scanned = 0;
  const bound = () => (found.length >= want ? [...found].sort(byUrgency)[want - 1].urgency : -1);
  for (;;) {
    const open = lists.filter((l) => !l.done && (found.length < want || l.last > bound()));
    if (open.length === 0 || scanned >= MAX_SCANNED) break;
    for (const l of open) {
      let q = queued(db, seeker.teams).whereNotExists(db('task_skips as s').select(db.raw('1')).whereRaw('s.case_id = t.case_id and s.task_id = t.task_id').where('s.user_id', seeker.id));
      q = l.risk === null ? q.whereNull('t.risk_level') : q.where('t.risk_level', l.risk);
      q = l.dated ? q.whereNotNull('t.due_at').orderBy('t.due_at').orderBy('t.case_id').orderBy('t.task_id') : q.whereNull('t.due_at').orderBy('t.created_at').orderBy('t.case_id').orderBy('t.task_id');
      if (!isAdmin) q = q.where((w) => w.whereNull('t.role').orWhereIn('t.role', [...seeker.roles]));
      const rows: TaskRow[] = await q.offset(l.offset).limit(PAGE).select('t.case_id', 't.task_id', 't.title', 't.team', 't.role', 't.due_at', 't.created_at', 't.risk_level', 't.requires', 't.prefers');
      scanned += rows.length;
      l.offset += rows.length;
      if (rows.length < PAGE) l.done = true;
      const items = rows.map((r) => itemFromRow(r, at));
      // The list's next row is at most as urgent as its last.
      if (items.length > 0) l.last = items[items.length - 1].urgency;
      found.push(...items.filter((i) => meetsNeeds(seeker.capabilities, i)));
    }
  }
  return { items: found.sort(byUrgency), scanned };
}

const isUniqueViolation = (err: unknown) => {
  const code = String((err as { code?: string })?.code ?? '');
  return code === '23505' || code.startsWith('SQLITE_CONSTRAINT');
};

/**
 * Takes the task for the person: 'taken' when someone holds it already, 'full' when the person
 * holds `limit` open tasks. The count and the claim are one transaction under a lock on the
 * person, so two claims of theirs at once cannot both pass the limit.
 */
export async function claimTask(db: Db, caseId: string, taskId: string, userId: string, reason: string, now: Date, limit?: number): Promise<'claimed' | 'taken' | 'full'> {
  try {
    return await writeTransaction(db, async (trx) => {
      await lockKey(trx, `work-of:${userId}`);
      if (limit !== undefined && (await openTaskCount(trx, userId)) >= limit) return 'full';
      await trx('task_claims').insert({ case_id: caseId, task_id: taskId, user_id: userId, reason, claimed_at: now.toISOString() });
      return 'claimed';
    });
  } catch (err) {
    if (isUniqueViolation(err)) return 'taken';
    throw err;
  }
}

/** Gives the task's claim to someone else, or takes it when nobody holds it. */
export async function moveClaim(db: Db, caseId: string, taskId: string, userId: string, reason: string, now: Date): Promise<void> {
  await db('task_claims')
    .insert({ case_id: caseId, task_id: taskId, user_id: userId, reason, claimed_at: now.toISOString() })
    .onConflict(['case_id', 'task_id'])
    .merge(['user_id', 'reason', 'claimed_at']);
}

/** The task goes back to its queue. */
export async function dropClaim(db: Db, caseId: string, taskId: string): Promise<void> {
  await db('task_claims').where({ case_id: caseId, task_id: taskId }).delete();
}

export async function claimOf(db: Db, caseId: string, taskId: string): Promise<{ userId: string } | undefined> {
  const row = await db('task_claims').where({ case_id: caseId, task_id: taskId }).first();
  return row ? { userId: row.user_id } : undefined;
}

/** The person passes on the task; their later looks leave it out. */
export async function skipTask(db: Db, userId: string, caseId: string, taskId: string, reason: string, now: Date): Promise<void> {
  await db('task_skips').insert({ user_id: userId, case_id: caseId, task_id: taskId, reason, skipped_at: now.toISOString() }).onConflict(['user_id', 'case_id', 'task_id']).merge(['reason', 'skipped_at']);
}

/** Open tasks the person holds: assigned to them, or claimed and not yet recorded as theirs. */
export async function openTaskCount(db: Db | Knex.Transaction, userId: string): Promise<number> {
  const assigned = await db('case_tasks').where({ assignee: userId, status: 'open' }).count({ n: '*' }).first();
  const pending = await db('task_claims as c')
    .join('case_tasks as t', function () {
      this.on('t.case_id', 'c.case_id').andOn('t.task_id', 'c.task_id');
    })
    .where('c.user_id', userId)
    .where('t.status', 'open')
    .whereNull('t.assignee')
    .count({ n: '*' })
    .first();
  return Number(assigned?.n ?? 0) + Number(pending?.n ?? 0);
}

/** Open tasks a person holds, by case and task. */
export async function openTasksOf(db: Db, userId: string): Promise<Array<{ caseId: string; taskId: string }>> {
  const rows: Array<{ case_id: string; task_id: string }> = await db('case_tasks').where({ assignee: userId, status: 'open' }).select('case_id', 'task_id');
  return rows.map((r) => ({ caseId: r.case_id, taskId: r.task_id }));
}

export async function openCaseCount(db: Db, userId: string): Promise<number> {
  const row = await db('cases').where({ assignee: userId }).whereNot('status', 'closed').count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

export interface QueueStats {
  team: string;
  role?: Role;
  depth: number;
  oldestCreatedAt: string;
  oldestAgeSeconds: number;
}

/** Each queue (a team, and the role its tasks ask for) with how many tasks wait in it and since when the oldest has. */
export async function queueStats(db: Db, teams: readonly string[] | 'all', now: Date): Promise<QueueStats[]> {
  let q = db('case_tasks as t')
    .where('t.status', 'open')
    .whereNull('t.assignee')
    .whereNotExists(db('task_claims as c').select(db.raw('1')).whereRaw('c.case_id = t.case_id and c.task_id = t.task_id'));
  if (teams !== 'all') q = q.whereIn('t.team', [...teams]);
  const rows: Array<{ team: string; role: Role | null; depth: number | string; oldest: string }> = await q
    .groupBy('t.team', 't.role')
    .orderBy('t.team')
    .orderBy('t.role')
    .select('t.team', 't.role', db.raw('count(*) as depth'), db.raw('min(t.created_at) as oldest'));
  return rows.map((r) => ({
    team: r.team,
    ...(r.role ? { role: r.role } : {}),
    depth: Number(r.depth),
    oldestCreatedAt: r.oldest,
    oldestAgeSeconds: Math.max(0, Math.floor((now.getTime() - Date.parse(r.oldest)) / 1000)),
  }));
}

