/**
 * Retention: closed cases past the time their definition keeps them are listed for review, and an
 * approved destruction removes every piece of personal data the read model holds about the case,
 * in one transaction, keeping a record of what was destroyed, when and by whose approval. What
 * the portfolio counts (the case's row, its report's figures) stays, without names or words.
 */
import type { Knex } from 'knex';
import type { CaseView } from '../common/case-view';
import type { Definition } from '../common/definition-schema';
import { durationMs } from '../common/duration';
import { appendInTransaction, CaseNotClosedError } from './cases';
import { PROJECTED_TABLES } from './projection-tables';
import { PURGED_TITLE } from './projection';
import { writeTransaction, type Db } from './db';
import { getDefinitionVersion } from './definitions';

export interface RetentionReview {
  caseId: string;
  definitionKey: string;
  closedAt: string;
  dueAt: string;
  listedAt: string;
}

export interface Destruction {
  id: number;
  caseId: string;
  definitionKey: string;
  approvedBy: string;
  reason: string;
  purgedAt: string;
  details: Record<string, unknown>;
}

/** Raised when a case on legal hold is to be purged: the hold is released first. */
export class LegalHoldError extends Error {
  override name = 'LegalHoldError';
}

interface ClosedRow {
  id: string;
  definition_key: string;
  definition_version: number;
  closed_at: string;
  view: string | null;
}

const heldIn = (view: string | null) => view !== null && (JSON.parse(view) as Partial<CaseView>).legalHold !== undefined;

/**
 * Lists for review every closed case past its definition's retention that is not on legal hold,
 * not listed already and not purged. Answers the cases listed now.
 */
export async function listCasesPastRetention(db: Db, now: Date): Promise<RetentionReview[]> {
  const rows: ClosedRow[] = await db('cases')
    .where({ status: 'closed' })
    .whereNotNull('closed_at')
    .whereNot('title', PURGED_TITLE)
    .whereNotIn('id', db('retention_reviews').select('case_id'))
    .select('id', 'definition_key', 'definition_version', 'closed_at', 'view');
  const definitions = new Map<string, Definition | undefined>();
  const listed: RetentionReview[] = [];
  for (const r of rows) {
    const key = `${r.definition_key}@${r.definition_version}`;
    if (!definitions.has(key)) definitions.set(key, (await getDefinitionVersion(db, r.definition_key, r.definition_version))?.definition);
    const keep = definitions.get(key)?.retention?.keep;
    if (!keep) continue;
    const dueAt = new Date(Date.parse(r.closed_at) + durationMs(keep));
    if (dueAt > now || heldIn(r.view)) continue;
    const review = { caseId: r.id, definitionKey: r.definition_key, closedAt: r.closed_at, dueAt: dueAt.toISOString(), listedAt: now.toISOString() };
    await db('retention_reviews')
      .insert({ case_id: review.caseId, definition_key: review.definitionKey, closed_at: review.closedAt, due_at: review.dueAt, listed_at: review.listedAt })
      .onConflict('case_id')
      .ignore();
    listed.push(review);
  }
  return listed;
}

interface ReviewRow {
  case_id: string;
  definition_key: string;
  closed_at: string;
  due_at: string;
  listed_at: string;
}

const review = (r: ReviewRow): RetentionReview => ({ caseId: r.case_id, definitionKey: r.definition_key, closedAt: r.closed_at, dueAt: r.due_at, listedAt: r.listed_at });

/** Cases listed for review, oldest due first; only those of `teams` when given. */
export async function listRetentionReviews(db: Db, teams?: string[]): Promise<RetentionReview[]> {
  const q = db('retention_reviews').orderBy('due_at');
  if (teams) q.whereIn('case_id', db('cases').whereIn('team', teams).select('id'));
  return ((await q) as ReviewRow[]).map(review);
}

export async function getRetentionReview(db: Db, caseId: string): Promise<RetentionReview | undefined> {
  const r: ReviewRow | undefined = await db('retention_reviews').where({ case_id: caseId }).first();
  return r ? review(r) : undefined;
}

/** What the read model's purge removed, for the destruction record; `contents` are the SHA-256s of the case's documents. */
export interface PurgedRecords {
  entries: number;
  notes: number;
  documents: number;
  contents: string[];
  outbox: number;
  idempotency: number;
  reports: number;
  links: number;
}

/**
 * Removes the personal data the read model holds about a case, in one transaction: the trail gets
 * a `case_purged` entry and every entry before it loses its data (keeping its digest), the case's
 * row and view keep only what the portfolio counts, and its notes, query rows, documents' records,
 * outbox messages, stored idempotent answers, open reservations and links go; its stored report
 * keeps its figures without names, words or evaluation answers. The document bytes are the
 * caller's to remove, where no other case references them.
 */
export async function purgeCaseRecords(db: Db, caseId: string, approval: { by: string; reason: string; listedAt: string }, at: Date): Promise<PurgedRecords> {
  return writeTransaction(db, async (trx) => {
    const row: { view: string | null; status: string } | undefined = await trx('cases').where({ id: caseId }).first('view', 'status');
    if (!row || row.status !== 'closed') throw new CaseNotClosedError(`case ${caseId} is not a closed case on record`);
    if (heldIn(row.view)) throw new LegalHoldError(`case ${caseId} is on legal hold; release the hold before its destruction`);
    const purgedSeq = await appendInTransaction(trx, caseId, [{ type: 'case_purged', actor: approval.by, data: { approvedBy: approval.by, reason: approval.reason, listedAt: approval.listedAt } }], at);
    const entries = await trx('case_events').where({ case_id: caseId }).andWhere('seq', '<', purgedSeq).update({ data: '{}', purged: true });
    await trx('cases').where({ id: caseId }).update({ title: PURGED_TITLE, subject: null, assignee: null, base_view: null });
    const notes = await trx('case_notes').where({ case_id: caseId }).delete();
    for (const table of PROJECTED_TABLES) await trx(table).where({ case_id: caseId }).delete();
    const contents = ((await trx('documents').where({ case_id: caseId }).select('sha256')) as { sha256: string }[]).map((d) => d.sha256);
    const documents = await trx('documents').where({ case_id: caseId }).delete();
    const outbox = await trx('outbox').where({ case_id: caseId }).delete();
    const idempotency = await trx('idempotency_keys')
      .where({ case_id: caseId })
      .orWhere('path', `/cases/${caseId}`)
      .orWhere('path', 'like', `/cases/${caseId}/%`)
      .delete();
    await trx('case_open_reservations').where({ case_id: caseId }).delete();
    const links = await trx('case_links').where({ from_case: caseId }).orWhere({ to_case: caseId }).delete();
    const reports = await stripReport(trx, caseId);
    await trx('retention_reviews').where({ case_id: caseId }).delete();
    return { entries, notes, documents, contents: [...new Set(contents)], outbox, idempotency, reports, links };
  });
}

/** The stored report keeps the figures the portfolio adds up, and loses every word about the case. */
async function stripReport(trx: Knex.Transaction, caseId: string): Promise<number> {
  const stored: { content: string } | undefined = await trx('case_reports').where({ case_id: caseId }).first('content');
  if (!stored) return 0;
  const { subject: _s, evaluation: _e, reopenings, risk, ...figures } = JSON.parse(stored.content) as Record<string, unknown> & { reopenings?: unknown[]; risk?: Record<string, unknown> | null };
  const content = { ...figures, title: PURGED_TITLE, evaluation: {}, reopenings: (reopenings ?? []).map(() => ({})), risk: risk ? { ...risk, reasons: [], overrides: [] } : null };
  await trx('case_reports').where({ case_id: caseId }).update({ content: JSON.stringify(content) });
  return 1;
}

export async function recordDestruction(db: Db, d: Omit<Destruction, 'id'>): Promise<Destruction> {
  const [row] = await db('case_destructions')
    .insert({ case_id: d.caseId, definition_key: d.definitionKey, approved_by: d.approvedBy, reason: d.reason, purged_at: d.purgedAt, details: JSON.stringify(d.details) })
    .returning('id');
  return { id: Number(typeof row === 'object' ? (row as { id: number }).id : row), ...d };
}

interface DestructionRow {
  id: number;
  case_id: string;
  definition_key: string;
  approved_by: string;
  reason: string;
  purged_at: string;
  details: string;
}

export async function listDestructions(db: Db): Promise<Destruction[]> {
  const rows: DestructionRow[] = await db('case_destructions').orderBy('id', 'desc');
  return rows.map((r) => ({ id: Number(r.id), caseId: r.case_id, definitionKey: r.definition_key, approvedBy: r.approved_by, reason: r.reason, purgedAt: r.purged_at, details: JSON.parse(r.details) }));
}
