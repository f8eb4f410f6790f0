/**
 * What the read model's check (worker/read-model-check.ts) found: cases whose read model is behind
 * their workflow, and whether each was brought up to date. Readiness and metrics count the open ones.
 */
import type { Db } from './db';

export interface ReadModelGap {
  caseId: string;
  /** The revision the read model held; undefined when it had no row for the case. */
  readRevision?: number;
  workflowRevision: number;
  foundAt: string;
  repairedAt?: string;
  /** Why the case could not be brought up to date, when it could not. */
  problem?: string;
}

interface GapRow {
  case_id: string;
  read_revision: number | null;
  workflow_revision: number;
  found_at: string;
  repaired_at: string | null;
  problem: string | null;
}

const fromRow = (r: GapRow): ReadModelGap => ({
  caseId: r.case_id,
  ...(r.read_revision !== null ? { readRevision: r.read_revision } : {}),
  workflowRevision: r.workflow_revision,
  foundAt: r.found_at,
  ...(r.repaired_at ? { repairedAt: r.repaired_at } : {}),
  ...(r.problem ? { problem: r.problem } : {}),
});

/** What the read model holds of a case: its row's revision and the last entry of its trail. */
export async function readModelPosition(db: Db, caseId: string): Promise<{ revision: number; lastSeq: number } | undefined> {
  const row: { revision: number } | undefined = await db('cases').where({ id: caseId }).first('revision');
  if (!row) return undefined;
  const last: { seq: number } | undefined = await db('case_events').where({ case_id: caseId }).orderBy('seq', 'desc').first('seq');
  return { revision: row.revision, lastSeq: last?.seq ?? 0 };
}

/** A gap found (again): it stays open until a check finds the case up to date. */
export async function saveGap(db: Db, gap: ReadModelGap): Promise<void> {
  await db('read_model_gaps')
    .insert({ case_id: gap.caseId, read_revision: gap.readRevision ?? null, workflow_revision: gap.workflowRevision, found_at: gap.foundAt, repaired_at: gap.repairedAt ?? null, problem: gap.problem ?? null })
    .onConflict('case_id')
    .merge();
}

/** A case found up to date closes the gap it had, if any. */
export async function closeGap(db: Db, caseId: string, at: string): Promise<void> {
  await db('read_model_gaps').where({ case_id: caseId }).whereNull('repaired_at').update({ repaired_at: at, problem: null });
}

export async function listGaps(db: Db, { open }: { open?: boolean } = {}): Promise<ReadModelGap[]> {
  const q = db('read_model_gaps').orderBy('case_id');
  if (open) q.whereNull('repaired_at');
  return ((await q.select('*')) as GapRow[]).map(fromRow);
}

export async function countOpenGaps(db: Db): Promise<number> {
  const [r] = (await db('read_model_gaps').whereNull('repaired_at').count({ n: '*' })) as { n: number | string }[];
  return Number(r?.n ?? 0);
}

/** Case ids the read model holds as not closed: each may have moved on in its workflow. */
export async function openCaseIds(db: Db): Promise<string[]> {
  return (await db('cases').whereNot({ status: 'closed' }).pluck('id')) as string[];
}

/** The time of the read model's latest change: a workflow that closed after it may be missing here. */
export async function latestCaseUpdate(db: Db): Promise<string | undefined> {
  const [r] = (await db('cases').max({ at: 'updated_at' })) as { at: string | null }[];
  return r?.at ?? undefined;
}
