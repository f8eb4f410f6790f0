/**
 * The outbox: one row per notification e-mail, written before the e-mail is sent. The row's id is
 * also the e-mail's Message-ID, so a message is recognised wherever it turns up again.
 */
import { createHash } from 'node:crypto';
import { caseIdsOfTeams } from './cases';
import type { Db } from './db';

export const OUTBOX_STATUSES = ['pending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export interface OutboxMessage {
  messageId: string;
  caseId: string;
  eventSeq: number;
  event: string;
  ruleIndex: number;
  recipient: string;
  subject: string;
  body: string;
  status: OutboxStatus;
  attempts: number;
  lastError?: string;
  createdAt: string;
  sentAt?: string;
}

export type NewOutboxMessage = Pick<OutboxMessage, 'caseId' | 'eventSeq' | 'event' | 'ruleIndex' | 'recipient' | 'subject' | 'body'>;

interface OutboxRow {
  message_id: string;
  case_id: string;
  event_seq: number;
  event: string;
  rule_index: number;
  recipient: string;
  subject: string;
  body: string;
  status: OutboxStatus;
  attempts: number;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

const fromRow = (r: OutboxRow): OutboxMessage => ({
  messageId: r.message_id,
  caseId: r.case_id,
  eventSeq: r.event_seq,
  event: r.event,
  ruleIndex: r.rule_index,
  recipient: r.recipient,
  subject: r.subject,
  body: r.body,
  status: r.status,
  attempts: r.attempts,
  lastError: r.last_error ?? undefined,
  createdAt: r.created_at,
  sentAt: r.sent_at ?? undefined,
});

/**
 * The same case, trail entry, rule and recipient always give the same id, however often the
 * activity runs; the address is compared without regard to case, as mail servers do in practice.
 */
export function outboxMessageId(caseId: string, eventSeq: number, ruleIndex: number, recipient: string): string {
  const key = JSON.stringify([caseId, eventSeq, ruleIndex, recipient.trim().toLowerCase()]);
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@casework>`;
}

export async function getOutboxMessage(db: Db, messageId: string): Promise<OutboxMessage | undefined> {
  const row: OutboxRow | undefined = await db('outbox').where({ message_id: messageId }).first();
  return row ? fromRow(row) : undefined;
}

/**
 * Records a message as owed unless it is already on record, and returns the stored row: on a
 * repeat, the first rendering and the status it has reached by now.
 */
export async function enqueueOutboxMessage(db: Db, message: NewOutboxMessage, now = new Date()): Promise<OutboxMessage> {
  const messageId = outboxMessageId(message.caseId, message.eventSeq, message.ruleIndex, message.recipient);
  await db('outbox')
    .insert({
      message_id: messageId,
      case_id: message.caseId,
      event_seq: message.eventSeq,
      event: message.event,
      rule_index: message.ruleIndex,
      recipient: message.recipient,
      subject: message.subject,
      body: message.body,
      status: 'pending',
      attempts: 0,
      last_error: null,
      created_at: now.toISOString(),
      sent_at: null,
    })
    .onConflict('message_id')
    .ignore();
  return (await getOutboxMessage(db, messageId))!;
}

/**
 * How long one attempt holds a message it is sending: longer than an attempt runs (the activity's
 * start-to-close timeout is a minute, and each SMTP connection times out within seconds).
 */
export const OUTBOX_CLAIM_MS = 2 * 60_000;

/**
 * Claims a pending message for one attempt to send it. False when the message is no longer
 * pending, or another attempt holds it and may be talking to the mail server right now. A claim
 * ends when the attempt marks the message, or when its time runs out (its worker died).
 */
export async function claimOutboxMessage(db: Db, messageId: string, now = new Date()): Promise<boolean> {
  const claimed = await db('outbox')
    .where({ message_id: messageId, status: 'pending' })
    .andWhere((q) => q.whereNull('claimed_until').orWhere('claimed_until', '<=', now.toISOString()))
    .update({ claimed_until: new Date(now.getTime() + OUTBOX_CLAIM_MS).toISOString() });
  return claimed === 1;
}

export async function markOutboxSent(db: Db, messageId: string, now = new Date()): Promise<void> {
  await db('outbox')
    .where({ message_id: messageId })
    .update({ status: 'sent', sent_at: now.toISOString(), last_error: null, claimed_until: null, attempts: db.raw('attempts + 1') });
}

/** Notes a failed attempt; `permanent` when the server refused the message itself, not just for now. */
export async function markOutboxAttemptFailed(db: Db, messageId: string, error: string, permanent: boolean): Promise<void> {
  await db('outbox')
    .where({ message_id: messageId })
    .whereNot({ status: 'sent' })
    .update({ status: permanent ? 'failed' : 'pending', last_error: error.slice(0, 2000), claimed_until: null, attempts: db.raw('attempts + 1') });
}

export interface OutboxQuery {
  caseId?: string;
  status?: OutboxStatus;
  limit: number;
  /** Only messages about cases of these teams; absent: every message, the weekly report's too. */
  teams?: string[];
}

/** Newest first. */
export async function listOutbox(db: Db, query: OutboxQuery): Promise<OutboxMessage[]> {
  const q = db<OutboxRow>('outbox');
  if (query.caseId) q.where('case_id', query.caseId);
  if (query.status) q.where('status', query.status);
  if (query.teams) q.whereIn('case_id', caseIdsOfTeams(db, query.teams));
  const rows = await q.orderBy([{ column: 'created_at', order: 'desc' }, { column: 'message_id', order: 'desc' }]).limit(query.limit);
  return rows.map(fromRow);
}
