/**
 * What "My work" lists, read from the fold's tables: the open tasks a person owns (by the claims of
 * common/task-ownership.ts: the cases and tasks the claims name are read, and the rule keeps those it
 * covers), the pending follow-ups of their cases, and the plans waiting for a supervisor of the
 * case's team.
 */
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

/** Rows a list shows at most, what falls due first; more than this is a backlog no longer list helps with. */
export const WORK_LIMIT = 100;
const LIMIT = WORK_LIMIT;

const dueFirst = (column: string) => `case when ${column} is null then 1 else 0 end, ${column}`;

/** Case ids a query of tasks by case names at a time: few enough for every database's parameter limit. */
const CHUNK = 500;

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
    .whereNot('c.status', 'closed')
    .select([...TASK_COLUMNS, 'c.title as case_title', 'c.assignee as case_assignee'])
    .orderByRaw(`${dueFirst('t.due_at')}, t.case_id, t.task_id`)
    .limit(LIMIT);
}

/**
 * Every task of these cases, read by the tasks' key (case first), whichever the database's planner
 * would rather take: which of them are the person's is the rule's to say, applied to each row.
 */
async function tasksOfCases(db: Db, cases: Array<{ id: string; title: string; assignee: string | null; team: string }>): Promise<TaskRow[]> {
  const byId = new Map(cases.map((c) => [c.id, c]));
  const out: TaskRow[] = [];
  for (let i = 0; i < cases.length; i += CHUNK) {
    const rows: TaskRow[] = await db('case_tasks as t').whereIn('t.case_id', cases.slice(i, i + CHUNK).map((c) => c.id)).select(TASK_COLUMNS);
    for (const r of rows) {
      const c = byId.get(r.case_id)!;
      if (r.status === 'open') out.push({ ...r, case_title: c.title, case_assignee: c.assignee });
    }
  }
  return out;
}

const dueKey = (r: TaskRow) => `${r.due_at ?? '\uffff'} ${r.case_id} ${r.task_id}`;

/**
 * The open tasks of open cases that are the person's, what falls due first at the top; at most
 * LIMIT. The tasks assigned to them come by index; those left to a role of theirs come from the
 * cases the claims name (theirs; their teams' unassigned ones), each kept if a claim covers it.
 */
export async function listMyTasks(db: Db, person: TaskOwner): Promise<WorkTask[]> {
  const claims = taskClaims(person);
  const caseColumns = ['id', 'title', 'assignee', 'team'];
  const unassignedTeams = [...new Set(claims.flatMap((c) => (c.kind === 'roleOnUnassignedCase' ? c.teams : [])))];
  const [assigned, own, unassigned] = await Promise.all([
    assignedTasks(db, person.id),
    claims.some((c) => c.kind === 'roleOnOwnCase') ? db('cases').where('assignee', person.id).whereNot('status', 'closed').select(caseColumns) : [],
    unassignedTeams.length > 0 ? db('cases').whereNull('assignee').whereIn('team', unassignedTeams).whereNot('status', 'closed').select(caseColumns) : [],
  ]);
  const found = [...assigned, ...(await tasksOfCases(db, [...own, ...unassigned]))];
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
