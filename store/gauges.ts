/**
 * What an operator watches in the read model, counted in SQL: open cases by phase and risk,
 * breached deadlines, the outbox's backlog with the age of its oldest undelivered message, and the
 * cases the read model is behind on.
 */
import type { Db } from './db';
import { countOpenGaps } from './read-model-gaps';

export interface CaseGauges {
  openCases: { phase: string; risk: string; count: number }[];
  breachedCases: number;
  outboxBacklog: number;
  /** Seconds since the oldest message not yet sent was queued; 0 when none waits. */
  outboxOldestAgeSeconds: number;
  /** Cases the read model's check found behind their workflow and could not bring up to date yet. */
  readModelCasesBehind: number;
}

export async function readCaseGauges(db: Db, now = new Date()): Promise<CaseGauges> {
  const open = (await db('cases').whereNot({ status: 'closed' }).select('phase', 'risk_level').count({ n: '*' }).groupBy('phase', 'risk_level')) as { phase: string; risk_level: string | null; n: number | string }[];
  const [breached] = (await db('cases').whereNot({ status: 'closed' }).where({ breached: true }).count({ n: '*' })) as { n: number | string }[];
  const [outbox] = (await db('outbox').where({ status: 'pending' }).count({ n: '*' }).min({ oldest: 'created_at' })) as { n: number | string; oldest: string | null }[];
  return {
    openCases: open.map((r) => ({ phase: r.phase, risk: r.risk_level ?? 'unassessed', count: Number(r.n) })),
    breachedCases: Number(breached?.n ?? 0),
    outboxBacklog: Number(outbox?.n ?? 0),
    outboxOldestAgeSeconds: outbox?.oldest ? Math.max(0, (now.getTime() - Date.parse(outbox.oldest)) / 1000) : 0,
    readModelCasesBehind: await countOpenGaps(db),
  };
}
