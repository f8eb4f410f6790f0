/**
 * What "My work" lists, read from the fold's tables: the open tasks a person owns (by the claims of
 * common/task-ownership.ts, turned into one query), the pending follow-ups of their cases, and the
 * plans waiting for a supervisor of the case's team.
 */
import type { Knex } from 'knex';
import type { Role } from '../common/phases';
import { claimCovers, taskClaims, type TaskClaim, type TaskOwner } from '../common/task-ownership';
import type { Db } from './db';

export interface WorkTask {
  caseId: string;
  caseTitle: string;
  taskId: string;
  title: string;
  dueAt?: string;
  /** How the task is the person's: the first claim that covers it. */
  claim: TaskClaim['kind'];
}

export interface WorkFollowUp {
  caseId: string;
  caseTitle: string;
  n: number;
  dueAt: string;
  /** Set when it fell due early, because the required tasks were all done. */
  madeDueAt?: string;
  escalated: boolean;
}

export interface WorkApproval {
  caseId: string;
  caseTitle: string;
  dueAt?: string;
}

/** Rows a list shows at most; more than this is a backlog no list helps with. */
const LIMIT = 200;

const dueFirst = (column: string) => `case when ${column} is null then 1 else 0 end, ${column}`;

function whereClaim(q: Knex.QueryBuilder, claim: TaskClaim): void {
  switch (claim.kind) {
    case 'assigned':
      q.where('t.assignee', claim.person);
      return;
    case 'roleOnOwnCase':
      q.whereNull('t.assignee').andWhere('t.role', claim.role).andWhere('c.assignee', claim.person);
      return;
    case 'roleOnUnassignedCase':
      q.whereNull('t.assignee').andWhere('t.role', claim.role).whereNull('c.assignee').whereIn('t.team', [...claim.teams]);
  }
}

interface TaskRow {
  case_id: string;
  case_title: string;
  case_assignee: string | null;
  team: string;
  task_id: string;
  title: string;
  due_at: string | null;
  assignee: string | null;
  role: Role | null;
}

/** The open tasks of open cases that are the person's, what falls due first at the top. */
export async function listMyTasks(db: Db, person: TaskOwner): Promise<WorkTask[]> {
  const claims = taskClaims(person);
  const rows: TaskRow[] = await db('case_tasks as t')
    .join('cases as c', 'c.id', 't.case_id')
    .where('t.status', 'open')
    .whereNot('c.status', 'closed')
    .where((q) => {
      for (const claim of claims) q.orWhere((inner) => whereClaim(inner, claim));
    })
    .select('t.case_id', 'c.title as case_title', 'c.assignee as case_assignee', 't.team', 't.task_id', 't.title', 't.due_at', 't.assignee', 't.role')
    .orderByRaw(`${dueFirst('t.due_at')}, t.case_id, t.task_id`)
    .limit(LIMIT);
  return rows.flatMap((r) => {
    const task = { assignee: r.assignee ?? undefined, role: r.role ?? undefined };
    const claim = claims.find((c) => claimCovers(c, task, { assignee: r.case_assignee ?? undefined, team: r.team }));
    return claim ? [{ caseId: r.case_id, caseTitle: r.case_title, taskId: r.task_id, title: r.title, ...(r.due_at ? { dueAt: r.due_at } : {}), claim: claim.kind }] : [];
  });
}

/** The follow-ups not yet recorded on the open cases assigned to the person, the earliest first. */
export async function listMyFollowUps(db: Db, personId: string): Promise<WorkFollowUp[]> {
  const rows: Array<{ case_id: string; case_title: string; n: number; due_at: string; made_due_at: string | null; escalated: boolean | number }> = await db('case_follow_ups as f')
    .join('cases as c', 'c.id', 'f.case_id')
    .where('c.assignee', personId)
    .whereNot('c.status', 'closed')
    .whereNull('f.recorded_at')
    .where('f.cancelled', false)
    .select('f.case_id', 'c.title as case_title', 'f.n', 'f.due_at', 'f.made_due_at', 'f.escalated')
    .orderBy([{ column: 'f.due_at' }, { column: 'f.case_id' }])
    .limit(LIMIT);
  return rows.map((r) => ({ caseId: r.case_id, caseTitle: r.case_title, n: r.n, dueAt: r.made_due_at ?? r.due_at, ...(r.made_due_at ? { madeDueAt: r.made_due_at } : {}), escalated: Boolean(r.escalated) }));
}

/** Cases of these teams whose plan waits for a supervisor's approval; every team when none are named. */
export async function listPlansAwaitingApproval(db: Db, teams: readonly string[] | undefined): Promise<WorkApproval[]> {
  const query = db('cases').where({ phase: 'approval', status: 'open' });
  if (teams) query.whereIn('team', [...teams]);
  const rows: Array<{ id: string; title: string; due_at: string | null }> = await query.select('id', 'title', 'due_at').orderByRaw(`${dueFirst('due_at')}, id`).limit(LIMIT);
  return rows.map((r) => ({ caseId: r.id, caseTitle: r.title, ...(r.due_at ? { dueAt: r.due_at } : {}) }));
}
