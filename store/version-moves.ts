/** Jobs moving running cases to a newer definition version: the job, and each case's result as it is reached. */
import type { Actor } from '../common/case-types';
import type { Db } from './db';

export type MoveStatus = 'pending' | 'moved' | 'refused' | 'failed';

export interface MoveJob {
  id: number;
  definitionKey: string;
  fromVersion: number;
  toVersion: number;
  reason: string;
  actor: Actor;
  createdAt: string;
  cases: Array<{ caseId: string; status: MoveStatus; detail?: unknown }>;
}

/** The running cases of one version of a definition, oldest first. */
export async function runningCasesOf(db: Db, key: string, version: number): Promise<string[]> {
  const rows: { id: string }[] = await db('cases').where({ definition_key: key, definition_version: version }).whereNot('status', 'closed').orderBy('opened_at').select('id');
  return rows.map((r) => r.id);
}

export async function createMoveJob(db: Db, job: Omit<MoveJob, 'id' | 'cases'>, caseIds: string[]): Promise<number> {
  return db.transaction(async (trx) => {
    const [row] = await trx('version_move_jobs')
      .insert({ definition_key: job.definitionKey, from_version: job.fromVersion, to_version: job.toVersion, reason: job.reason, actor: JSON.stringify(job.actor), created_at: job.createdAt })
      .returning('id');
    const id = Number(typeof row === 'object' ? (row as { id: number }).id : row);
    for (const caseId of caseIds) await trx('version_move_cases').insert({ job_id: id, case_id: caseId, status: 'pending', updated_at: job.createdAt });
    return id;
  });
}

export async function setMoveResult(db: Db, jobId: number, caseId: string, status: MoveStatus, detail?: unknown): Promise<void> {
  await db('version_move_cases').where({ job_id: jobId, case_id: caseId }).update({ status, detail: detail === undefined ? null : JSON.stringify(detail), updated_at: new Date().toISOString() });
}

export async function getMoveJob(db: Db, id: number): Promise<MoveJob | undefined> {
  const job = await db('version_move_jobs').where({ id }).first();
  if (!job) return undefined;
  const cases: { case_id: string; status: MoveStatus; detail: string | null }[] = await db('version_move_cases').where({ job_id: id }).orderBy('case_id');
  return {
    id: Number(job.id),
    definitionKey: job.definition_key,
    fromVersion: job.from_version,
    toVersion: job.to_version,
    reason: job.reason,
    actor: JSON.parse(job.actor),
    createdAt: job.created_at,
    cases: cases.map((c) => ({ caseId: c.case_id, status: c.status, ...(c.detail ? { detail: JSON.parse(c.detail) } : {}) })),
  };
}

/**
 * Claims a job for `runner` until `until` (ms since the epoch): answers whether it is now theirs.
 * A job is free when nobody claimed it or its claim ran out (its process stopped renewing it); the
 * runner holding it may renew it. One conditional update, so two processes never both win.
 */
export async function claimMoveJob(db: Db, jobId: number, runner: string, now: number, until: number): Promise<boolean> {
  const changed = await db('version_move_jobs')
    .where({ id: jobId })
    .andWhere((q) => q.whereNull('runner').orWhere('claimed_until', '<', now).orWhere({ runner }))
    .update({ runner, claimed_until: until });
  return Number(changed) === 1;
}

/** Gives a job back once its runner has reached every case (or stops). */
export async function releaseMoveJob(db: Db, jobId: number, runner: string): Promise<void> {
  await db('version_move_jobs').where({ id: jobId, runner }).update({ runner: null, claimed_until: null });
}

/** Jobs with a case still pending whose claim is free at `now`, oldest first. */
export async function unfinishedMoveJobs(db: Db, now: number): Promise<number[]> {
  const rows: { id: number | string }[] = await db('version_move_jobs')
    .whereIn('id', db('version_move_cases').where({ status: 'pending' }).select('job_id'))
    .andWhere((q) => q.whereNull('runner').orWhere('claimed_until', '<', now))
    .orderBy('id')
    .select('id');
  return rows.map((r) => Number(r.id));
}

/** Whether someone's claim on the job holds at `now`. */
export async function moveJobClaimed(db: Db, jobId: number, now: number): Promise<boolean> {
  const row: { runner: string | null; claimed_until: number | string | null } | undefined = await db('version_move_jobs').where({ id: jobId }).first('runner', 'claimed_until');
  return !!row?.runner && Number(row.claimed_until) >= now;
}
