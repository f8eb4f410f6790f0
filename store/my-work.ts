/**
 * What "My work" lists, read from the fold's tables: the open tasks a person owns (by the claims of
 * common/task-ownership.ts: the tasks of the cases the claims name are read, and the rule keeps those it
 * covers), the pending follow-ups of their cases, and the plans waiting for a supervisor of the
 * case's team.
 */
import type { Knex } from 'knex';
import { CASE_STATUSES, type Role } from '../common/phases';
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

/** Rows a list shows at most, what falls due first; more than this is a backlog no longer list helps with. */
export const WORK_LIMIT = 100;
const LIMIT = WORK_LIMIT;

/** Statuses as a list rather than "not closed", so an index on a case's status can answer it. */
const NOT_CLOSED = CASE_STATUSES.filter((s) => s !== 'closed');

const dueFirst = (column: string) => `case when ${column} is null then 1 else 0 end, ${column}`;

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
  status?: string;
}

const TASK_COLUMNS = ['t.case_id', 't.team', 't.task_id', 't.title', 't.due_at', 't.assignee', 't.role', 't.status'];

/** The open tasks assigned to the person, by the tasks' assignee index. */
function assignedTasks(db: Db, person: string): Promise<TaskRow[]> {
  return db('case_tasks as t')
    .join('cases as c', 'c.id', 't.case_id')
    .where('t.assignee', person)
    .andWhere('t.status', 'open')
    .whereIn('c.status', NOT_CLOSED)
    .select([...TASK_COLUMNS, 'c.title as case_title', 'c.assignee as case_assignee'])
    .orderByRaw(`${dueFirst('t.due_at')}, t.case_id, t.task_id`)
    .limit(LIMIT);
}

/**
 * Every open task of the open cases `which` picks, with its case's title and assignee, in one read:
 * the cases by their own index, each one's tasks by the tasks' key (case first). The tasks' status is
 * judged here, not in SQL, so that no index of tasks by status can tempt SQLite, which keeps no
 * statistics, into walking the open tasks of every case. Which of them are the person's is the rule's
 * to say, applied to each row.
 */
async function tasksOfCases(db: Db, which: (cases: Knex.QueryBuilder) => Knex.QueryBuilder): Promise<TaskRow[]> {
  const rows: TaskRow[] = await which(db('cases as c'))
    .join('case_tasks as t', 't.case_id', 'c.id')
    .whereIn('c.status', NOT_CLOSED)
    .select([...TASK_COLUMNS, 'c.title as case_title', 'c.assignee as case_assignee']);
  return rows.filter((r) => r.status === 'open');
}

const dueKey = (r: TaskRow) => `${r.due_at ?? '\uffff'} ${r.case_id} ${r.task_id}`;

/**
 * The open tasks of open cases that are the person's, what falls due first at the top; at most
 * LIMIT. The tasks assigned to them come by index; those left to a role of theirs come from the
 * cases the claims name (theirs; their teams' unassigned ones), each kept if a claim covers it.
 */
export async function listMyTasks(db: Db, person: TaskOwner): Promise<WorkTask[]> {
  const claims = taskClaims(person);
  const unassignedTeams = [...new Set(claims.flatMap((c) => (c.kind === 'roleOnUnassignedCase' ? c.teams : [])))];
  const found = (await Promise.all([
    assignedTasks(db, person.id),
    claims.some((c) => c.kind === 'roleOnOwnCase') ? tasksOfCases(db, (q) => q.where('c.assignee', person.id)) : [],
    unassignedTeams.length > 0 ? tasksOfCases(db, (q) => q.whereNull('c.assignee').whereIn('c.team', unassignedTeams)) : [],
  ])).flat();
  const seen = new Set<string>();
  const rows = found.sort((a, b) => dueKey(a).localeCompare(dueKey(b))).filter((r) => {
    const key = `${r.case_id} ${r.task_id}`;
    return !seen.has(key) && Boolean(seen.add(key));
  });
  return rows.flatMap((r) => {
    const task = { assignee: r.assignee ?? undefined, role: r.role ?? undefined };
    const claim = claims.find((c) => claimCovers(c, task, { assignee: r.case_assignee ?? undefined, team: r.team }));
    return claim ? [{ caseId: r.case_id, caseTitle: r.case_title, taskId: r.task_id, title: r.title, ...(r.due_at ? { dueAt: r.due_at } : {}), claim: claim.kind }] : [];
  }).slice(0, LIMIT);
}

/** The follow-ups not yet recorded on the open cases assigned to the person, the earliest first. */
export async function listMyFollowUps(db: Db, personId: string): Promise<WorkFollowUp[]> {
  const rows: Array<{ case_id: string; case_title: string; n: number; due_at: string; made_due_at: string | null; escalated: boolean | number }> = await db('case_follow_ups as f')
    .join('cases as c', 'c.id', 'f.case_id')
    .where('c.assignee', personId)
    .whereIn('c.status', NOT_CLOSED)
    .whereNull('f.recorded_at')
    .where('f.cancelled', false)
    .select('f.case_id', 'c.title as case_title', 'f.n', 'f.due_at', 'f.made_due_at', 'f.escalated')
    .orderBy([{ column: 'f.due_at' }, { column: 'f.case_id' }])
    .limit(LIMIT);
  return rows.map((r) => ({ caseId: r.case_id, caseTitle: r.case_title, n: r.n, dueAt: r.made_due_at ?? r.due_at, ...(r.made_due_at ? { madeDueAt: r.made_due_at } : {}), escalated: Boolean(r.escalated) }));
}

/**
 * Cases of these teams whose plan waits for a supervisor's approval; every team when none are named.
 * What falls due first, then what has nothing due: two reads that the index of cases by phase, status
 * and due time gives in order, so each stops at the limit instead of sorting every case waiting.
 */
export async function listPlansAwaitingApproval(db: Db, teams: readonly string[] | undefined): Promise<WorkApproval[]> {
  const waiting = () => {
    const query = db('cases').where({ phase: 'approval', status: 'open' });
    if (teams) query.whereIn('team', [...teams]);
    return query.select('id', 'title', 'due_at');
  };
  type Row = { id: string; title: string; due_at: string | null };
  const due: Row[] = await waiting().whereNotNull('due_at').orderBy([{ column: 'due_at' }, { column: 'id' }]).limit(LIMIT);
  const rest: Row[] = due.length < LIMIT ? await waiting().whereNull('due_at').orderBy('id').limit(LIMIT - due.length) : [];
  return [...due, ...rest].map((r) => ({ caseId: r.id, caseTitle: r.title, ...(r.due_at ? { dueAt: r.due_at } : {}) }));
}
