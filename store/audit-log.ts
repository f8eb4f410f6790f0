/**
 * The audit log: one row for each thing done to the system itself (a definition or a calendar
 * published, a user added or changed, their roles and teams among it, an API key made or
 * revoked), in the same transaction as the change it records.
 */
import type { Knex } from 'knex';
import type { Db } from './db';

export const AUDIT_ACTIONS = ['definition.published', 'calendar.published', 'user.created', 'user.updated', 'api_key.created', 'api_key.revoked', 'case.linked', 'subject.exported', 'subject.erased', 'subject.corrected'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  id: number;
  /** The user who acted, or `definitions-folder` for the files published on start. */
  actor: string;
  action: AuditAction;
  /** What was acted on, as `<kind>:<id>`, e.g. `definition:hr-grievance`. */
  subject: string;
  details: Record<string, unknown>;
  at: string;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'>;

interface AuditRow {
  id: number;
  actor: string;
  action: AuditAction;
  subject: string;
  details: string;
  at: string;
}

const fromRow = (r: AuditRow): AuditEntry => ({ id: Number(r.id), actor: r.actor, action: r.action, subject: r.subject, details: JSON.parse(r.details), at: r.at });

export async function recordAudit(db: Db | Knex.Transaction, entry: NewAuditEntry, now = new Date()): Promise<void> {
  await db('audit_log').insert({ actor: entry.actor, action: entry.action, subject: entry.subject, details: JSON.stringify(entry.details), at: now.toISOString() });
}

/** Runs `change` and records `entry` (made from its result) in one transaction: both happen or neither. */
export async function withAudit<T>(db: Db, change: (trx: Db) => Promise<T>, entry: (result: T) => NewAuditEntry): Promise<T> {
  return db.transaction(async (trx) => {
    // A transaction runs every query a Db runs; the store's functions take it as one.
    const result = await change(trx as unknown as Db);
    await recordAudit(trx, entry(result));
    return result;
  });
}

export interface AuditQuery {
  actor?: string;
  action?: AuditAction;
  subject?: string;
  /** Entries older than this id: the next page after an entry. */
  before?: number;
  limit: number;
}

/** Entries newest first. */
export async function listAudit(db: Db, q: AuditQuery): Promise<AuditEntry[]> {
  const query = db('audit_log').orderBy('id', 'desc').limit(q.limit);
  if (q.actor) query.where({ actor: q.actor });
  if (q.action) query.where({ action: q.action });
  if (q.subject) query.where({ subject: q.subject });
  if (q.before !== undefined) query.where('id', '<', q.before);
  return ((await query) as AuditRow[]).map(fromRow);
}
