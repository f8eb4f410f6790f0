/**
 * The audit trail's hash chain: sha256 over the canonical JSON of an entry's content and the
 * previous entry's hash. The recording activity chains each entry as it writes it, from the entry
 * before it on record, and the API recomputes the chain to verify it, so both hash identically.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

/** What an entry's hash covers: all of it but the hashes. */
export interface HashedContent {
  caseId: string;
  seq: number;
  type: string;
  actor: string;
  at: string;
  data: unknown;
}

export function trailHash(content: HashedContent, prevHash: string): string {
  return createHash('sha256').update(canonicalJson({ ...content, prevHash }), 'utf8').digest('hex');
}

/** The digest of an entry's data, kept beside it: the hash of entries written with one covers it in place of the data. */
export function dataDigest(data: unknown): string {
  return createHash('sha256').update(canonicalJson(data), 'utf8').digest('hex');
}

/** The hash of an entry written with a digest of its data: verifiable after its data is purged. */
export function digestHash(content: Omit<HashedContent, 'data'> & { dataDigest: string }, prevHash: string): string {
  return createHash('sha256').update(canonicalJson({ ...content, prevHash }), 'utf8').digest('hex');
}
