/**
 * What must hold after the faults: every case where its commands led it, its trail whole, in order,
 * without duplicates and with a chain that verifies, its view in the read model the fold of that
 * trail, and every e-mail delivered exactly once.
 */
import type { SmtpSink } from '../runtime/smtp-sink';
import { canonicalJson } from '../common/canonical-json';
import { checkProjection } from '../store/case-views';
import type { Db } from '../store/db';
import { EMAILS_PER_CASE, EXPECTED_FOLLOW_UPS, EXPECTED_ONCE } from './definition';

export interface Findings {
  problems: string[];
  cases: number;
  trailEntries: number;
  emails: number;
}

async function get(url: string, headers: Record<string, string>): Promise<any> {
  const res = await fetch(url, { headers });
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
  return res.json();
}

export async function verifyCase(base: string, headers: Record<string, string>, id: string, problems: string[]): Promise<number> {
  const view = await get(`${base}/cases/${id}`, headers);
  if (view.phase !== 'closed' || view.closure !== 'completed') problems.push(`${id}: ended in ${view.phase}/${view.closure ?? view.status}, expected closed/completed`);
  const trail: { seq: number; type: string }[] = (await get(`${base}/cases/${id}/events`, headers)).items;
  trail.forEach((e, i) => e.seq !== i + 1 && problems.push(`${id}: trail entry ${i + 1} has sequence number ${e.seq}`));
  const count = (type: string) => trail.filter((e) => e.type === type).length;
  for (const type of EXPECTED_ONCE) if (count(type) !== 1) problems.push(`${id}: ${count(type)} '${type}' entries, expected 1`);
  if (count('follow_up_recorded') !== EXPECTED_FOLLOW_UPS) problems.push(`${id}: ${count('follow_up_recorded')} follow-ups recorded, expected ${EXPECTED_FOLLOW_UPS}`);
  if (count('notification_sent') !== EMAILS_PER_CASE) problems.push(`${id}: ${count('notification_sent')} notifications recorded as sent, expected ${EMAILS_PER_CASE}`);
  const verdict = await get(`${base}/cases/${id}/events/verify`, headers);
  if (!verdict.valid) problems.push(`${id}: trail chain broken at ${JSON.stringify(verdict.firstInvalid)}`);
  return trail.length;
}

/** Folds the case's trail afresh and compares it with the view, notes and tables the read model holds. */
export async function verifyProjection(db: Db, id: string, problems: string[]): Promise<void> {
  const check = await checkProjection(db, id);
  if (check.equal) return;
  const parts = Object.keys(check.folded) as (keyof typeof check.folded)[];
  const differing = parts.filter((part) => canonicalJson(check.stored[part]) !== canonicalJson(check.folded[part]));
  problems.push(`${id}: the read model's ${differing.join(', ')} differ from a fresh fold of the trail`);
}

/** Waits for the mail that SMTP's outage held back, then checks each message arrived exactly once. */
export async function verifyEmails(smtp: SmtpSink, caseIds: string[], timeoutMs: number, problems: string[]): Promise<number> {
  const expected = caseIds.length * EMAILS_PER_CASE;
  const until = Date.now() + timeoutMs;
  while (smtp.messages.length < expected && Date.now() < until) await new Promise((r) => setTimeout(r, 1000));
  const byId = new Map<string, number>();
  for (const m of smtp.messages) byId.set(m.messageId ?? '(none)', (byId.get(m.messageId ?? '(none)') ?? 0) + 1);
  for (const [id, n] of byId) if (n > 1) problems.push(`e-mail ${id} was delivered ${n} times`);
  for (const id of caseIds) {
    const subjects = smtp.messages.filter((m) => m.subject.includes(id)).map((m) => m.subject);
    for (const word of ['open', 'closed']) {
      const n = subjects.filter((s) => s.endsWith(`is ${word}`)).length;
      if (n !== 1) problems.push(`${id}: the '${word}' e-mail arrived ${n} times, expected once`);
    }
  }
  return smtp.messages.length;
}
