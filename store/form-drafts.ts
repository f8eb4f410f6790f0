/**
 * What a person typed into a form that reached the server after their session expired: kept for
 * them, and shown filled in on the form's page once they have signed in again. Taken once.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from './db';

export interface FormDraft {
  /** The page that shows the form, under /app/. */
  page: string;
  fields: Record<string, string | string[]>;
}

export async function saveFormDraft(db: Db, userId: string, draft: FormDraft, now: Date): Promise<string> {
  const id = randomBytes(16).toString('hex');
  await db('form_drafts').insert({ id, user_id: userId, page: draft.page, fields: JSON.stringify(draft.fields), created_at: now.toISOString() });
  return id;
}

/** The draft, removed as it is read; undefined when it is unknown or another person's. */
export async function takeFormDraft(db: Db, id: string, userId: string): Promise<FormDraft | undefined> {
  const row: { page: string; fields: string } | undefined = await db('form_drafts').where({ id, user_id: userId }).first();
  if (!row) return undefined;
  await db('form_drafts').where({ id }).delete();
  return { page: row.page, fields: JSON.parse(row.fields) };
}

export async function pruneFormDrafts(db: Db, createdBefore: Date): Promise<number> {
  return db('form_drafts').where('created_at', '<', createdBefore.toISOString()).delete();
}
