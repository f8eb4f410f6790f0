/** Links between cases: related, a duplicate of, or following from another, each with a reason. */
import type { Db } from './db';

export const LINK_KINDS = ['related', 'duplicate_of', 'follows_from'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

/** A link as one of its two cases sees it: `outgoing` when this case made it, `incoming` when the other did. */
export interface CaseLink {
  id: number;
  caseId: string;
  kind: LinkKind;
  direction: 'outgoing' | 'incoming';
  reason: string;
  by: string;
  at: string;
}

interface LinkRow {
  id: number;
  from_case: string;
  to_case: string;
  kind: LinkKind;
  reason: string;
  by: string;
  at: string;
}

export class LinkExistsError extends Error {
  override name = 'LinkExistsError';
}

export async function addCaseLink(db: Db, link: { from: string; to: string; kind: LinkKind; reason: string; by: string; at: string }): Promise<CaseLink> {
  const existing = await db('case_links').where({ from_case: link.from, to_case: link.to, kind: link.kind }).first('id');
  if (existing) throw new LinkExistsError(`${link.from} is linked to ${link.to} as ${link.kind} already`);
  const [row] = await db('case_links').insert({ from_case: link.from, to_case: link.to, kind: link.kind, reason: link.reason, by: link.by, at: link.at }).returning('id');
  const id = typeof row === 'object' ? Number((row as { id: number }).id) : Number(row);
  return { id, caseId: link.to, kind: link.kind, direction: 'outgoing', reason: link.reason, by: link.by, at: link.at };
}

/** Every link of a case, in both directions, oldest first. */
export async function listCaseLinks(db: Db, caseId: string): Promise<CaseLink[]> {
  const rows: LinkRow[] = await db('case_links').where({ from_case: caseId }).orWhere({ to_case: caseId }).orderBy('id');
  return rows.map((r) => ({
    id: Number(r.id),
    caseId: r.from_case === caseId ? r.to_case : r.from_case,
    kind: r.kind,
    direction: r.from_case === caseId ? 'outgoing' : 'incoming',
    reason: r.reason,
    by: r.by,
    at: r.at,
  }));
}
