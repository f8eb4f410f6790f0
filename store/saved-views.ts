/** Saved views of the case list: a person's own, and those shared with a team they are in. */
import type { Db } from './db';

export interface SavedView {
  id: number;
  ownerId: string;
  name: string;
  /** The list's filter as a URL query string, e.g. `phase=assessment&risk=high`. */
  query: string;
  /** The team it is shared with; absent when only its owner sees it. */
  team?: string;
  createdAt: string;
}

interface ViewRow {
  id: number;
  owner_id: string;
  name: string;
  query: string;
  team: string | null;
  created_at: string;
}

const fromRow = (r: ViewRow): SavedView => ({ id: Number(r.id), ownerId: r.owner_id, name: r.name, query: r.query, team: r.team ?? undefined, createdAt: r.created_at });

export async function saveView(db: Db, view: Omit<SavedView, 'id' | 'createdAt'>, now: Date): Promise<SavedView> {
  const [row] = await db('saved_views')
    .insert({ owner_id: view.ownerId, name: view.name, query: view.query, team: view.team ?? null, created_at: now.toISOString() })
    .returning('*');
  return fromRow(row as ViewRow);
}

/** A person's own views, then those shared with their teams, each by name. */
export async function listViewsFor(db: Db, userId: string, teams: string[]): Promise<SavedView[]> {
  const rows: ViewRow[] = await db('saved_views')
    .where({ owner_id: userId })
    .orWhereIn('team', teams)
    .orderByRaw('case when owner_id = ? then 0 else 1 end, name, id', [userId]);
  return rows.map(fromRow);
}

/** Removes a view its owner no longer wants; false when it is not theirs or not there. */
export async function deleteView(db: Db, id: number, ownerId: string): Promise<boolean> {
  return (await db('saved_views').where({ id, owner_id: ownerId }).delete()) === 1;
}
