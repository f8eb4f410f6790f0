/** Designers' drafts of definitions, one per designer and key, and the change notes versions were published with. */
import type { Db } from './db';

export interface DefinitionDraft {
  key: string;
  ownerId: string;
  /** The version the draft was begun from (0: a new definition): publishing is refused once a newer one exists. */
  baseVersion: number;
  text: string;
  updatedAt: string;
}

export async function saveDraft(db: Db, draft: DefinitionDraft): Promise<void> {
  await db('definition_drafts')
    .insert({ key: draft.key, owner_id: draft.ownerId, base_version: draft.baseVersion, text: draft.text, updated_at: draft.updatedAt })
    .onConflict(['key', 'owner_id'])
    .merge(['text', 'base_version', 'updated_at']);
}

export async function getDraft(db: Db, key: string, ownerId: string): Promise<DefinitionDraft | undefined> {
  const r = await db('definition_drafts').where({ key, owner_id: ownerId }).first();
  return r ? { key: r.key, ownerId: r.owner_id, baseVersion: Number(r.base_version), text: r.text, updatedAt: r.updated_at } : undefined;
}

export async function deleteDraft(db: Db, key: string, ownerId: string): Promise<void> {
  await db('definition_drafts').where({ key, owner_id: ownerId }).delete();
}

export interface ChangeNote {
  version: number;
  note: string;
  createdBy: string;
  createdAt: string;
}

export async function saveChangeNote(db: Db, key: string, note: ChangeNote): Promise<void> {
  await db('definition_change_notes').insert({ key, version: note.version, note: note.note, created_by: note.createdBy, created_at: note.createdAt }).onConflict(['key', 'version']).ignore();
}

export async function listChangeNotes(db: Db, key: string): Promise<Map<number, string>> {
  const rows = await db('definition_change_notes').where({ key }).select('version', 'note');
  return new Map(rows.map((r) => [Number(r.version), r.note as string]));
}

/** A designer's drafts of definitions not published yet (begun from no version), newest first. */
export async function listNewDrafts(db: Db, ownerId: string): Promise<DefinitionDraft[]> {
  const rows = await db('definition_drafts').where({ owner_id: ownerId, base_version: 0 }).orderBy('updated_at', 'desc').select();
  return rows.map((r) => ({ key: r.key, ownerId: r.owner_id, baseVersion: 0, text: r.text, updatedAt: r.updated_at }));
}
