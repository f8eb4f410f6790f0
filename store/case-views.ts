/**
 * The read model's case views, kept as the fold of each case's trail (projection.ts): written in
 * the transaction that writes the trail's entries, read by the API, and checked against a fresh
 * fold of the trail.
 *
 * A case recorded before the fold started keeps the view it recorded as its base: its fold starts
 * there and takes in only the entries after it.
 */
import { canonicalJson } from '../common/canonical-json';
import type { LegacyCaseView, Note } from '../common/case-view';
import type { Knex } from 'knex';
import { blankCase, foldStored, foldTrail, fromLegacyView, isLegacyView, type Fold, type FoldEntry, type FoldedCase } from './projection';
import { changedKeys, PROJECTED_TABLES, TABLE_KEYS, tableRows, type TableKeys } from './projection-tables';

/** The entries a write left on record, for the projection that follows in its transaction. */
export interface SavedEntries {
  /** The entries of the write's sequence numbers, as they are on record now. */
  entries: FoldEntry[];
  /** The lowest sequence number whose entry on record changed or went, if any did. */
  changedFrom?: number;
}

export interface NoteRow {
  case_id: string;
  position: number;
  note_id: string;
  text: string;
  by: string;
  at: string;
}

/** What a write reads of the case's row before it folds: its view (its base, when one is needed, is read then). */
interface StoredCase {
  view: string | null;
}

type Seed = Parameters<typeof blankCase>[0];

const CASE_COLUMNS = ['view', 'base_view', 'number', 'title', 'subject', 'team', 'assignee', 'definition_key', 'definition_version', 'opened_at'];

interface StoredRow extends StoredCase {
  base_view: string | null;
  number: number;
  title: string;
  subject: string | null;
  team: string;
  assignee: string | null;
  definition_key: string;
  definition_version: number;
  opened_at: string;
}

/** A case's row names what its fold starts from when it has no base. */
const seedOf = (id: string, r: StoredRow): Seed => ({
  id,
  number: r.number,
  title: r.title,
  subject: r.subject ?? undefined,
  team: r.team,
  assignee: r.assignee ?? undefined,
  definitionKey: r.definition_key,
  definitionVersion: r.definition_version,
  openedAt: r.opened_at,
});

/** Rows of a table, a few at a time: SQLite takes at most 999 values in one statement. */
const ROWS_PER_INSERT = 40;

async function insertRows(trx: Knex, table: string, rows: Record<string, unknown>[], conflict?: string[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + ROWS_PER_INSERT);
    await (conflict ? trx(table).insert(chunk).onConflict(conflict).merge() : trx(table).insert(chunk));
  }
}

export async function readEntries(db: Knex, caseId: string, afterSeq: number): Promise<FoldEntry[]> {
  const rows = await db('case_events').where({ case_id: caseId }).andWhere('seq', '>', afterSeq).orderBy('seq').select('seq', 'type', 'actor', 'at', 'data');
  return rows.map((r: { seq: number; type: string; actor: string; at: string; data: string }) => ({ seq: r.seq, type: r.type, actor: r.actor, at: r.at, data: JSON.parse(r.data) }) as FoldEntry);
}

const parseBase = (baseView: string | null | undefined): Fold | undefined => (baseView ? fromLegacyView(JSON.parse(baseView) as LegacyCaseView) : undefined);

/** The view a case recorded before the fold, which its fold starts from; undefined for a case without one. */
async function baseOf(trx: Knex, caseId: string): Promise<Fold | undefined> {
  const r: { base_view: string | null } | undefined = await trx('cases').where({ id: caseId }).first('base_view');
  return parseBase(r?.base_view);
}

/** The columns of the case's row that hold its fold: the view, and a new base when there is one. */
export interface ProjectedColumns {
  view: string;
  base_view?: string;
}

/**
 * Brings a case's notes and query tables up to the trail on record, in the caller's transaction,
 * and answers the view (and base) the caller writes with the case's row; undefined when nothing
 * changed. `saved` is what the write just put on record; `legacyView` a view the writer sent with
 * it (runs begun before the fold), which becomes the case's base.
 */
export async function projectCase(trx: Knex, seed: Seed, stored: StoredCase | undefined, saved: SavedEntries | undefined, legacyView?: LegacyCaseView): Promise<ProjectedColumns | undefined> {
  const parsed: unknown = stored?.view ? JSON.parse(stored.view) : undefined;
  const legacy = legacyView ?? (isLegacyView(parsed) ? parsed : undefined);
  // What the case's notes and tables hold now: the stored view, unless it is one to convert.
  const previous = !legacy && parsed ? (parsed as FoldedCase) : undefined;
  let start: FoldedCase;
  let startNotes: Note[] | undefined;
  let fold: Fold;
  let changed: TableKeys | undefined;
  if (!legacy && previous && stored?.view && (saved?.changedFrom === undefined || saved.changedFrom > previous.trailLength)) {
    start = previous;
    const fresh = saved?.entries.filter((e) => e.seq > start.trailLength) ?? [];
    const contiguous = fresh.length === 0 || fresh[0].seq === start.trailLength + 1;
    const entries = contiguous ? fresh : await readEntries(trx, seed.id, start.trailLength);
    if (entries.length === 0) return undefined;
    fold = foldStored(stored.view, entries);
    changed = changedKeys(start, fold.view, entries);
  } else {
    // A new case, a view to convert, or entries the view holds that changed: fold again from the base.
    const base = (legacy ? fromLegacyView(legacy) : previous ? await baseOf(trx, seed.id) : undefined) ?? { view: blankCase(seed), notes: [] };
    start = base.view;
    startNotes = base.notes;
    fold = foldTrail(start, await readEntries(trx, seed.id, start.trailLength));
  }
  await writeNotes(trx, seed.id, start.noteCount, startNotes, fold.notes, legacy !== undefined);
  await writeTables(trx, seed.id, previous, fold.view, changed);
  return { view: JSON.stringify(fold.view), ...(legacy ? { base_view: JSON.stringify(legacy) } : {}) };
}

/**
 * Writes the notes the fold added. Folded again from a base (`startNotes`), the notes are the
 * base's and the fold's: a view recorded before the fold is sent again with every write of a run
 * begun before, its notes one more each time, so those on record stay when the last of them is
 * where the base has it (`appending`); folded again for an entry that changed, they are all
 * written anew.
 */
async function writeNotes(trx: Knex, caseId: string, before: number, startNotes: Note[] | undefined, added: Note[], appending: boolean): Promise<void> {
  const row = (n: Note, position: number) => ({ case_id: caseId, position, note_id: n.id, text: n.text, by: n.by, at: n.at });
  if (!startNotes) {
    await insertRows(trx, 'case_notes', added.map((n, i) => row(n, before + i + 1)));
    return;
  }
  const all = [...startNotes, ...added];
  let from = 0;
  if (appending) {
    const counted: { n?: number | string } | undefined = await trx('case_notes').where({ case_id: caseId }).count({ n: '*' }).first();
    const count = Number(counted?.n ?? 0);
    const last: { note_id: string; text: string } | undefined = count > 0 ? await trx('case_notes').where({ case_id: caseId, position: count }).first('note_id', 'text') : undefined;
    if (count <= all.length && (count === 0 || (last?.note_id === all[count - 1].id && last.text === all[count - 1].text))) from = count;
  }
  if (from === 0) await trx('case_notes').where({ case_id: caseId }).delete();
  await insertRows(trx, 'case_notes', all.slice(from).map((n, i) => row(n, from + i + 1)));
}

/**
 * Writes the table rows the fold changed, compared with the stored view's. Folded on from the
 * stored view (`previous`), only the rows it can have changed (`changed`) are compared; folded
 * again from a base, every row is, and those gone are removed; for a view with none before, the
 * case's rows are all written anew.
 */
async function writeTables(trx: Knex, caseId: string, previous: FoldedCase | undefined, view: FoldedCase, changed?: TableKeys): Promise<void> {
  const before = previous ? tableRows(previous, changed) : undefined;
  const after = tableRows(view, changed);
  for (const table of PROJECTED_TABLES) {
    const key = TABLE_KEYS[table];
    const was = before?.[table];
    if (!was) await trx(table).where({ case_id: caseId }).delete();
    const rows = [...after[table]].filter(([k, r]) => !was || canonicalJson(was.get(k)) !== canonicalJson(r)).map(([, r]) => r);
    await insertRows(trx, table, rows, ['case_id', key]);
    const gone = was && !changed ? [...was.keys()].filter((k) => !after[table].has(k)) : [];
    if (gone.length > 0) await trx(table).where({ case_id: caseId }).whereIn(key, gone).delete();
  }
}

/** Folds a case as recorded so far: for cases recorded before the fold, once, by the migration. */
export async function projectStoredCase(db: Knex, caseId: string): Promise<void> {
  const stored: StoredRow | undefined = await db('cases').where({ id: caseId }).first(CASE_COLUMNS);
  if (!stored) return;
  const parsed: unknown = stored.view ? JSON.parse(stored.view) : undefined;
  if (parsed && !isLegacyView(parsed)) return;
  const hasEntries = (await db('case_events').where({ case_id: caseId }).first('seq')) !== undefined;
  if (!parsed && !hasEntries) return;
  const columns = await projectCase(db, seedOf(caseId, stored), stored, undefined);
  if (columns) await db('cases').where({ id: caseId }).update(columns);
}

/** What the read model holds for a case, and what a fresh fold of its trail gives: equal when the projection is right. */
export interface ProjectionCheck {
  equal: boolean;
  stored: { view: unknown; notes: Note[]; tables: Record<string, unknown[]> };
  folded: { view: unknown; notes: Note[]; tables: Record<string, unknown[]> };
}

const byKey = (key: string) => (a: Record<string, unknown>, b: Record<string, unknown>) => String(a[key]).localeCompare(String(b[key]), 'en', { numeric: true });

/** Values as both databases give them back: booleans as booleans, numbers as numbers. */
function normalized(row: Record<string, unknown>, booleans: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = v === null || v === undefined ? null : booleans.has(k) ? Boolean(v) : typeof v === 'string' && (k === 'n' || k === 'duration_ms') ? Number(v) : v;
  return out;
}

const BOOLEANS = new Set(['required', 'on_time', 'escalated', 'cancelled', 'reminded', 'breached', 'met', 'repeated']);

/** Folds the case's trail afresh, from its base, and compares it with what is stored. */
export async function checkProjection(db: Knex, id: string): Promise<ProjectionCheck> {
  const stored: StoredRow | undefined = await db('cases').where({ id }).first(CASE_COLUMNS);
  if (!stored?.view) throw new Error(`case ${id} has no view on record`);
  const base = parseBase(stored.base_view) ?? { view: blankCase(seedOf(id, stored)), notes: [] };
  const fold = foldTrail(base.view, await readEntries(db, id, base.view.trailLength));
  const rows = tableRows(fold.view);
  const tables: Record<string, unknown[]> = {};
  const storedTables: Record<string, unknown[]> = {};
  for (const table of PROJECTED_TABLES) {
    const sort = byKey(TABLE_KEYS[table]);
    tables[table] = [...rows[table].values()].map((r) => normalized(r, BOOLEANS)).sort(sort);
    storedTables[table] = ((await db(table).where({ case_id: id })) as Record<string, unknown>[]).map((r) => normalized(r, BOOLEANS)).sort(sort);
  }
  const notes = ((await db('case_notes').where({ case_id: id }).orderBy('position')) as NoteRow[]).map(({ note_id, text, by, at }) => ({ id: note_id, text, by, at }));
  const result = {
    stored: { view: JSON.parse(stored.view), notes, tables: storedTables },
    folded: { view: fold.view, notes: [...base.notes, ...fold.notes], tables },
  };
  return { equal: canonicalJson(result.stored) === canonicalJson(result.folded), ...result };
}
