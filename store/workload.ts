/** Who carries what: per person, the open cases assigned to them, their open tasks and what of either is overdue, within some teams. */
import type { CaseRow } from '../common/case-types';
import { ROW_COLUMNS, rowFromColumns } from './cases';
import type { Db } from './db';

export interface Workload {
  person: string;
  openCases: number;
  openTasks: number;
  /** Open cases past their due time, and open tasks past theirs. */
  overdueCases: number;
  overdueTasks: number;
}

const byPerson = (rows: Array<{ who: string | null; n: unknown }>) => new Map(rows.filter((r) => r.who !== null).map((r) => [r.who as string, Number(r.n)]));

/** Workloads of everyone with an open case or task in the teams (every team when `teams` is undefined). */
export async function workloads(db: Db, teams: string[] | undefined, now: string): Promise<Workload[]> {
  const cases = () => {
    const q = db('cases').select({ who: 'assignee' }).count({ n: '*' }).whereNot('status', 'closed').whereNotNull('assignee').groupBy('assignee');
    if (teams) q.whereIn('team', teams);
    return q;
  };
  const tasks = () => {
    const q = db('case_tasks').select({ who: 'assignee' }).count({ n: '*' }).where('status', 'open').whereNotNull('assignee').groupBy('assignee');
    if (teams) q.whereIn('team', teams);
    return q;
  };
  const [open, late, openTasks, lateTasks] = await Promise.all([cases(), cases().where('due_at', '<', now), tasks(), tasks().where('due_at', '<', now)]);
  const maps = [open, late, openTasks, lateTasks].map((rows) => byPerson(rows as Array<{ who: string | null; n: unknown }>));
  const people = [...new Set(maps.flatMap((m) => [...m.keys()]))].sort();
  return people.map((person) => ({ person, openCases: maps[0].get(person) ?? 0, overdueCases: maps[1].get(person) ?? 0, openTasks: maps[2].get(person) ?? 0, overdueTasks: maps[3].get(person) ?? 0 }));
}

/** A person's open cases in the teams, what falls due first at the top. */
export async function openCasesOf(db: Db, person: string, teams: string[] | undefined, limit: number): Promise<CaseRow[]> {
  const q = db('cases').select(ROW_COLUMNS).where('assignee', person).whereNot('status', 'closed');
  if (teams) q.whereIn('team', teams);
  const rows = await q.orderByRaw("coalesce(due_at, '9999-12-31T23:59:59.999Z') asc, id asc").limit(limit);
  return rows.map(rowFromColumns);
}

/** Open cases waiting for their plan's approval, oldest first. */
export async function awaitingApproval(db: Db, teams: string[] | undefined, limit: number): Promise<CaseRow[]> {
  const q = db('cases').select(ROW_COLUMNS).where({ phase: 'approval' }).whereNot('status', 'closed');
  if (teams) q.whereIn('team', teams);
  const rows = await q.orderBy('updated_at', 'asc').limit(limit);
  return rows.map(rowFromColumns);
}
