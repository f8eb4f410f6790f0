/** Reading and verifying a case's audit trail. */
import { dataDigest, digestHash, GENESIS_HASH, trailHash } from './trail-hash';
import type { TrailEntry } from '../common/case-types';
import type { Db } from './db';

export async function readTrail(db: Db, caseId: string): Promise<TrailEntry[]> {
  const rows = await db('case_events').where({ case_id: caseId }).orderBy('seq');
  return rows.map((r) => ({
    caseId: r.case_id,
    seq: r.seq,
    type: r.type,
    actor: r.actor,
    at: r.at,
    data: JSON.parse(r.data),
    prevHash: r.prev_hash,
    hash: r.hash,
    ...(r.data_digest ? { dataDigest: r.data_digest } : {}),
    ...(r.purged ? { purged: true } : {}),
  })) as TrailEntry[];
}

export interface TrailVerdict {
  valid: boolean;
  entries: number;
  /** The first entry that does not match its content, its predecessor, or its place. */
  firstInvalid?: { seq: number; problem: string };
  /**
   * Entries whose data a purge removed and that were written before entries kept a digest of their
   * data: only their place in the chain is checked, by their stored hash. Absent when there are none.
   */
  checkedByStoredHash?: number[];
}

/**
 * Recomputes the chain from the first entry; any row changed, removed or inserted behind the API's
 * back breaks it. An entry with a digest is checked against its data (while it has any) and its
 * hash against the digest, so a purged one still verifies; one without a digest whose data was
 * purged is checked by its stored hash, and the verdict names it.
 */
export function verifyChain(entries: TrailEntry[]): TrailVerdict {
  let prev = GENESIS_HASH;
  const byStoredHash: number[] = [];
  for (const [i, e] of entries.entries()) {
    const fail = (problem: string): TrailVerdict => ({ valid: false, entries: entries.length, firstInvalid: { seq: e.seq, problem } });
    if (e.seq !== i + 1) return fail(`expected entry ${i + 1} here, found ${e.seq}: an entry is missing`);
    if (e.prevHash !== prev) return fail('its previous-hash does not match the entry before it');
    const { caseId, seq, type, actor, at, data } = e;
    if (e.dataDigest) {
      if (!e.purged && dataDigest(data) !== e.dataDigest) return fail('its content does not match its hash');
      if (digestHash({ caseId, seq, type, actor, at, dataDigest: e.dataDigest }, prev) !== e.hash) return fail('its content does not match its hash');
    } else if (e.purged) {
      byStoredHash.push(e.seq);
    } else if (trailHash({ caseId, seq, type, actor, at, data }, prev) !== e.hash) {
      return fail('its content does not match its hash');
    }
    prev = e.hash;
  }
  return { valid: true, entries: entries.length, ...(byStoredHash.length > 0 ? { checkedByStoredHash: byStoredHash } : {}) };
}
