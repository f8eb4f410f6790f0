/**
 * What the API reads of a case: its view as the read model folded it, with its latest notes and,
 * in planning, the plan to start from; and its notes, page by page.
 */
import type { CaseView, Note } from '../common/case-view';
import { caseClocks } from '../common/clocks';
import { planTemplateFor, proposedPlan } from '../common/plan-template';
import type { NoteRow } from './case-views';
import type { Db } from './db';
import { getDefinitionVersion } from './definitions';
import { fromLegacyView, isLegacyView, type FoldedCase } from './projection';

/** Notes a case's view shows: the latest ones. `GET /cases/:id/notes` pages through them all. */
export const VIEW_NOTES = 10;

/** The case as its people see it: the folded view, its latest notes, and in planning the plan to start from. */
export async function readCaseView(db: Db, id: string): Promise<CaseView | undefined> {
  const r: { view: string | null } | undefined = await db('cases').where({ id }).first('view');
  if (!r?.view) return undefined;
  const parsed: unknown = JSON.parse(r.view);
  // Written by a worker of the version before the fold, since the migration: shown as it was.
  if (isLegacyView(parsed)) return { ...parsed, noteCount: parsed.notes.length, notes: parsed.notes.slice(-VIEW_NOTES) };
  const folded = parsed as FoldedCase;
  const latest = folded.noteCount > 0 ? await listNotes(db, id, { before: folded.noteCount + 1, limit: VIEW_NOTES }) : [];
  const view: CaseView = { ...folded, notes: latest.map(({ position: _p, ...note }) => note), clocks: caseClocks(folded) };
  if (folded.phase === 'planning') {
    // Computed when read: the template for the case's risk level, from the version the case runs.
    const definition = await getDefinitionVersion(db, folded.definition.key, folded.definition.version);
    if (definition) view.proposedPlan = proposedPlan(planTemplateFor(definition.definition, folded.risk?.level));
  }
  return view;
}

export interface ListedNote extends Note {
  /** The note's place among the case's notes, from 1. */
  position: number;
}

/** A page of a case's notes, oldest first: those after `after`, or the last `limit` before `before`. */
export async function listNotes(db: Db, caseId: string, page: { after?: number; before?: number; limit: number }): Promise<ListedNote[]> {
  const query = db('case_notes').where({ case_id: caseId }).select('position', 'note_id', 'text', 'by', 'at');
  if (page.before !== undefined) {
    const rows = await query.andWhere('position', '<', page.before).orderBy('position', 'desc').limit(page.limit);
    return rows.reverse().map(noteFromRow);
  }
  const rows = await query.andWhere('position', '>', page.after ?? 0).orderBy('position').limit(page.limit);
  return rows.map(noteFromRow);
}

const noteFromRow = (r: Pick<NoteRow, 'position' | 'note_id' | 'text' | 'by' | 'at'>): ListedNote => ({ position: Number(r.position), id: r.note_id, text: r.text, by: r.by, at: r.at });

/** The case's view as folded, every part but its notes (counted): what a report is made from. */
export async function readFoldedCase(db: Db, id: string): Promise<FoldedCase | undefined> {
  const r: { view: string | null } | undefined = await db('cases').where({ id }).first('view');
  if (!r?.view) return undefined;
  const parsed: unknown = JSON.parse(r.view);
  return isLegacyView(parsed) ? fromLegacyView(parsed).view : (parsed as FoldedCase);
}
