/**
 * Idempotency keys: the first request with a key claims it, and its answer is kept for the retries.
 * Keys belong to an actor, so two users cannot collide on, or read, each other's answers.
 */
import type { Db } from './db';

export interface IdempotentRequest {
  key: string;
  actorId: string;
  method: string;
  path: string;
  bodyHash: string;
}

export type Claim =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; body: unknown; caseId?: string }
  | { kind: 'running' }
  | { kind: 'mismatch' };

interface IdempotencyRow {
  key: string;
  actor_id: string;
  method: string;
  path: string;
  body_hash: string;
  status: number | null;
  response: string | null;
  case_id: string | null;
  created_at: string;
}

const where = (r: Pick<IdempotentRequest, 'key' | 'actorId'>) => ({ key: r.key, actor_id: r.actorId });

/** Times of a claim, all ISO 8601: now, and the two ages past which an earlier claim no longer holds. */
export interface ClaimTimes {
  now: string;
  /** A claim older than this that never finished (its process died) is taken over. */
  staleBefore: string;
  /** An answer older than this is no longer kept: the key is free again, as if pruned. */
  expiredBefore: string;
}

/** Claims a key for a request, or says what became of the earlier request with it. */
export async function claimIdempotencyKey(db: Db, r: IdempotentRequest, times: ClaimTimes): Promise<Claim> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await db('idempotency_keys').insert({ ...where(r), method: r.method, path: r.path, body_hash: r.bodyHash, status: null, response: null, created_at: times.now });
      return { kind: 'claimed' };
    } catch (err) {
      // Another request holds the key (or held it): read what it left.
      const row: IdempotencyRow | undefined = await db('idempotency_keys').where(where(r)).first();
      if (!row) {
        if (attempt === 0) continue;
        throw err;
      }
      if (row.created_at < times.expiredBefore) {
        await db('idempotency_keys').where(where(r)).andWhere('created_at', '<', times.expiredBefore).delete();
        continue;
      }
      if (row.method !== r.method || row.path !== r.path || row.body_hash !== r.bodyHash) return { kind: 'mismatch' };
      if (row.status !== null) {
        return { kind: 'replay', status: row.status, body: row.response === null ? undefined : JSON.parse(row.response), ...(row.case_id ? { caseId: row.case_id } : {}) };
      }
      if (row.created_at >= times.staleBefore) return { kind: 'running' };
      await db('idempotency_keys').where(where(r)).whereNull('status').andWhere('created_at', '<', times.staleBefore).delete();
    }
  }
  return { kind: 'running' };
}

/** Keeps the answer; `caseId` names the case it shows, so that a replay is checked against it again. */
export async function finishIdempotencyKey(db: Db, r: Pick<IdempotentRequest, 'key' | 'actorId'>, status: number, body: unknown, caseId?: string): Promise<void> {
  await db('idempotency_keys').where(where(r)).update({ status, response: body === undefined ? null : JSON.stringify(body), case_id: caseId ?? null });
}

/** Frees a key whose request failed on the server's side, so that a retry runs it again. */
export async function releaseIdempotencyKey(db: Db, r: Pick<IdempotentRequest, 'key' | 'actorId'>): Promise<void> {
  await db('idempotency_keys').where(where(r)).delete();
}

export async function pruneIdempotencyKeys(db: Db, before: string): Promise<number> {
  return db('idempotency_keys').where('created_at', '<', before).delete();
}
