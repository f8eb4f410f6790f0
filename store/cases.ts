/** The read model's case rows: written by the case workflows' activity, read by the API's lists. */
import type { Knex } from 'knex';
import type { CaseRow, NewTrailEntry } from '../common/case-types';
import type { LegacyCaseView } from '../common/case-view';
import { canonicalJson } from '../common/canonical-json';
import { projectCase, type SavedEntries } from './case-views';
import type { FoldEntry } from './projection';
import { dataDigest, digestHash, GENESIS_HASH } from './trail-hash';
import { lockKey, writeTransaction, type Db } from './db';

const columns = (row: CaseRow) => ({
  id: row.id,
  number: row.number,
  definition_key: row.definitionKey,
  definition_version: row.definitionVersion,
  title: row.title,
  subject: row.subject ?? null,
  team: row.team,
  phase: row.phase,
  status: row.status,
  closure: row.closure ?? null,
  risk_level: row.riskLevel ?? null,
  risk_score: row.riskScore ?? null,
  assignee: row.assignee ?? null,
  opened_at: row.openedAt,
  closed_at: row.closedAt ?? null,
  due_at: row.dueAt ?? null,
  breached: row.breached,
  urgency: row.urgency ?? 0,
  calendar_key: row.calendarKey ?? null,
  calendar_version: row.calendarVersion ?? null,
  revision: row.revision,
  updated_at: row.updatedAt,
});

type RowColumns = ReturnType<typeof columns>;

/** The row's own columns, without the stored view that a list or a permission check never needs. */
export const ROW_COLUMNS = Object.keys(columns({} as CaseRow));

/**
 * The `cases` row `saveCaseRecord` writes for a case, before any view its entries fold into: what
 * a bulk writer of rows (the benchmark's seeding) inserts, so it holds what the product would.
 */
export const caseRecordColumns = (row: CaseRow, writtenAt = 0, origin?: string) => ({ ...columns(row), origin: origin ?? null, written_at: writtenAt });

export function rowFromColumns(r: RowColumns): CaseRow {
  return {
    id: r.id,
    number: r.number,
    definitionKey: r.definition_key,
    definitionVersion: r.definition_version,
    title: r.title,
    subject: r.subject ?? undefined,
    team: r.team,
    phase: r.phase,
    status: r.status,
    closure: r.closure ?? undefined,
    riskLevel: r.risk_level ?? undefined,
    riskScore: r.risk_score ?? undefined,
    assignee: r.assignee ?? undefined,
    openedAt: r.opened_at,
    closedAt: r.closed_at ?? undefined,
    dueAt: r.due_at ?? undefined,
    breached: Boolean(r.breached),
    urgency: r.urgency ?? 0,
    ...(r.calendar_key ? { calendarKey: r.calendar_key, calendarVersion: r.calendar_version ?? undefined } : {}),
    revision: r.revision,
    updatedAt: r.updated_at,
  };
}

/** Raised when a write under a case's id comes from another case: the id was started again. */
export class CaseIdTakenError extends Error {
  override name = 'CaseIdTakenError';
  constructor(readonly caseId: string) {
    super(`case id ${caseId} belongs to another case; a case's id is never used for a second one, so this write is refused`);
  }
}

/**
 * Whether a case with this origin may write under this row. A case given an origin writes it with
 * its very first entry, so a row without one belongs to a case opened before origins were given,
 * and only such a case (which has none either) writes there.
 */
const sameCase = (stored: { origin: string | null } | undefined, origin: string | undefined) => !stored || (stored.origin ?? undefined) === origin;

/**
 * Saves a case's new trail entries and its row in one transaction, chaining each entry by hash to
 * the entry before it on record, so the chain holds whichever worker writes, and folds the entries
 * into the case's view (case-views.ts): after every write the view is the fold of the trail on
 * record. Only the case the row belongs to writes there: another case under the same id (by its
 * `origin`) gets CaseIdTakenError and changes nothing. Safe to repeat:
 * - an entry already on record with the same type, actor and data stays as it is, with its first
 *   time: a workflow task retried on another worker can see a slightly different workflow time;
 * - a workflow task whose worker died after writing is retried by a later task (a larger
 *   `writtenAt`) that may make other entries under the same numbers: the later task's entries win,
 *   and the dead task's entries past its last one are removed;
 * - a write from an earlier task never replaces a later one's.
 *
 * `legacyView` is the whole view a run begun before the fold sends with its entries: it becomes
 * the base the case's fold starts from.
 */
export async function saveCaseRecord(db: Db, row: CaseRow, events: NewTrailEntry[], writtenAt = 0, legacyView?: LegacyCaseView, origin?: string): Promise<void> {
  await writeTransaction(db, async (trx) => {
    await lockKey(trx, `case:${row.id}`);
    const stored: { origin: string | null; view: string | null; team: string; definition_key: string } | undefined = await trx('cases').where({ id: row.id }).first('origin', 'view', 'team', 'definition_key');
    if (!sameCase(stored, origin)) throw new CaseIdTakenError(row.id);
    const saved = events.length > 0 ? await saveEntries(trx, row.id, events, writtenAt) : undefined;
    const projected = saved || legacyView ? await projectCase(trx, row, stored, saved, legacyView) : undefined;
    const written = await trx('cases')
      .insert({ ...caseRecordColumns(row, writtenAt, origin), ...projected })
      .onConflict('id')
      .merge()
      .where((q) =>
        q.where('cases.written_at', '<', writtenAt).orWhere((same) => same.where('cases.written_at', '=', writtenAt).andWhere('cases.revision', '<', row.revision)),
      )
      .returning('id');
    // The row of an earlier task's late write stays as the later task left it; the view follows the trail.
    if (projected && written.length === 0) await trx('cases').where({ id: row.id }).update(projected);
    // Cycle time filters a case's visits by the team and definition they carry: they follow the row's.
    if (written.length > 0 && stored && (stored.team !== row.team || stored.definition_key !== row.definitionKey)) {
      await trx('case_visits').where({ case_id: row.id }).update({ team: row.team, definition_key: row.definitionKey });
    }
  });
}

/** Raised when an entry is added from outside a case's workflow while the case is not closed. */
export class CaseNotClosedError extends Error {
  override name = 'CaseNotClosedError';
}

/**
 * Adds entries to the trail of a closed case, whose workflow no longer writes (a link, a legal
 * hold, a purge), chained and folded as the workflow's own are, and bumps its revision. Refused
 * with CaseNotClosedError when the case is running: its entries then go through its workflow.
 */
export async function appendToClosedCase(db: Db, caseId: string, entries: Array<Pick<NewTrailEntry, 'type' | 'actor' | 'data'>>, at = new Date()): Promise<number> {
  return writeTransaction(db, (trx) => appendInTransaction(trx, caseId, entries, at));
}

/** The same, in the caller's transaction (a purge writes its entry and removes the data before it in one). */
export async function appendInTransaction(trx: Knex.Transaction, caseId: string, entries: Array<Pick<NewTrailEntry, 'type' | 'actor' | 'data'>>, at: Date): Promise<number> {
  await lockKey(trx, `case:${caseId}`);
  const stored: (RowColumns & { origin: string | null; view: string | null }) | undefined = await trx('cases').where({ id: caseId }).first([...ROW_COLUMNS, 'origin', 'view']);
  if (!stored) throw new CaseNotClosedError(`case ${caseId} is not on record`);
  if (stored.status !== 'closed') throw new CaseNotClosedError(`case ${caseId} is running; its entries go through its workflow`);
  const last: { seq: number } | undefined = await trx('case_events').where({ case_id: caseId }).orderBy('seq', 'desc').first('seq');
  const first = (last?.seq ?? 0) + 1;
  const events = entries.map((e, i) => ({ ...e, caseId, seq: first + i, at: at.toISOString() }) as NewTrailEntry);
  const writtenAt = at.getTime();
  const row = { ...rowFromColumns(stored), revision: first + entries.length - 1, updatedAt: at.toISOString() };
  const saved = await saveEntries(trx, caseId, events, writtenAt);
  const projected = await projectCase(trx, row, stored, saved);
  await trx('cases').where({ id: caseId }).update({ ...projected, revision: row.revision, updated_at: row.updatedAt, written_at: writtenAt });
  return row.revision;
}

interface StoredEntry {
  seq: number;
  type: string;
  actor: string;
  at: string;
  data: string;
  prev_hash: string;
  hash: string;
  written_at: number;
}

const sameContent = (stored: StoredEntry, e: NewTrailEntry) =>
  stored.type === e.type && stored.actor === e.actor && canonicalJson(JSON.parse(stored.data)) === canonicalJson(e.data);

const asFolded = (r: StoredEntry): FoldEntry => ({ seq: r.seq, type: r.type, actor: r.actor, at: r.at, data: JSON.parse(r.data) }) as FoldEntry;

async function saveEntries(trx: Db, caseId: string, events: NewTrailEntry[], writtenAt: number): Promise<SavedEntries> {
  const first = events[0].seq;
  const last = events[events.length - 1].seq;
  const stored: StoredEntry[] = await trx('case_events').where({ case_id: caseId }).andWhere('seq', '>=', first - 1).orderBy('seq');
  const bySeq = new Map(stored.map((r) => [r.seq, r]));
  // Entries are written in order, so the one before the first is on record; the nearest one below
  // stands in if it is not, and verification then reports the gap.
  const before = bySeq.get(first - 1) ?? (await trx('case_events').where({ case_id: caseId }).andWhere('seq', '<', first).orderBy('seq', 'desc').first());
  let prev: string = before?.hash ?? GENESIS_HASH;
  const writes = [];
  const onRecord: FoldEntry[] = [];
  let changedFrom: number | undefined;
  for (const e of events) {
    const kept = bySeq.get(e.seq);
    if (kept && (kept.written_at > writtenAt || (kept.prev_hash === prev && sameContent(kept, e)))) {
      prev = kept.hash;
      onRecord.push(kept.written_at > writtenAt ? asFolded(kept) : { ...e, at: kept.at });
      continue;
    }
    const same = kept !== undefined && sameContent(kept, e);
    if (kept && !same) changedFrom ??= e.seq;
    const at = same ? kept.at : e.at;
    onRecord.push({ ...e, at });
    // The hash covers the data's digest, so the entry still verifies once a purge removes its data.
    const digest = dataDigest(e.data);
    const hash = digestHash({ caseId, seq: e.seq, type: e.type, actor: e.actor, at, dataDigest: digest }, prev);
    writes.push({ case_id: caseId, seq: e.seq, type: e.type, actor: e.actor, at, data: JSON.stringify(e.data), data_digest: digest, prev_hash: prev, hash, written_at: writtenAt });
    prev = hash;
  }
  if (writes.length > 0) await trx('case_events').insert(writes).onConflict(['case_id', 'seq']).merge();
  const dropped = stored.filter((r) => r.seq > last && r.written_at < writtenAt);
  if (dropped.length > 0) {
    await trx('case_events').where({ case_id: caseId }).andWhere('seq', '>', last).andWhere('written_at', '<', writtenAt).delete();
    changedFrom ??= dropped[0].seq;
  }
  return { entries: onRecord, changedFrom };
}

/** Hands out the next readable case number for a definition, e.g. 42 for `hr-grievance-000042`. */
export async function nextCaseNumber(db: Db, definitionKey: string): Promise<number> {
  return writeTransaction(db, (trx) => takeNumber(trx, definitionKey));
}

async function takeNumber(trx: Knex.Transaction, definitionKey: string): Promise<number> {
  await lockKey(trx, `case-number:${definitionKey}`);
  const current = await trx('case_numbers').where({ definition_key: definitionKey }).first();
  const next = (current?.last_number ?? 0) + 1;
  if (current) await trx('case_numbers').where({ definition_key: definitionKey }).update({ last_number: next });
  else await trx('case_numbers').insert({ definition_key: definitionKey, last_number: next });
  return next;
}

/** Makes sure no number up to `number` is handed out again: a case rebuilt into the read model holds it. */
export async function keepCaseNumberTaken(db: Db, definitionKey: string, number: number): Promise<void> {
  await writeTransaction(db, async (trx) => {
    await lockKey(trx, `case-number:${definitionKey}`);
    const current = await trx('case_numbers').where({ definition_key: definitionKey }).first();
    if (!current) await trx('case_numbers').insert({ definition_key: definitionKey, last_number: number });
    else if (current.last_number < number) await trx('case_numbers').where({ definition_key: definitionKey }).update({ last_number: number });
  });
}

/** An open request sent with an Idempotency-Key, whole: who, the key, and what it asked for. */
export interface OpenRequestKey {
  actorId: string;
  key: string;
  definitionKey: string;
  /** SHA-256 of the whole request, definition and body. */
  requestHash: string;
}

export interface Reservation {
  number: number;
  caseId: string;
  /** The token the case is opened with, the same for every attempt of the request. */
  origin: string;
  /** True when no earlier attempt of the request took a number. */
  fresh: boolean;
}

const reservationKey = (r: OpenRequestKey) => ({ actor_id: r.actorId, idempotency_key: r.key, definition_key: r.definitionKey, request_hash: r.requestHash });

/**
 * The case number for an open request that carries an Idempotency-Key: the one an earlier attempt
 * of this very request took, or a new one remembered for its retries. A reservation older than
 * `expiredBefore` is gone, as the key's answer is; another request never shares it, whatever key.
 */
export async function reserveCaseNumber(
  db: Db,
  r: OpenRequestKey,
  caseIdOf: (n: number) => string,
  times: { now: string; expiredBefore: string },
  origin: string,
): Promise<Reservation> {
  return writeTransaction(db, async (trx) => {
    await lockKey(trx, `case-open:${r.actorId}:${r.key}:${r.definitionKey}:${r.requestHash}`);
    const known = await trx('case_open_reservations').where(reservationKey(r)).first();
    if (known && known.created_at >= times.expiredBefore) return { number: known.number as number, caseId: known.case_id as string, origin: known.origin as string, fresh: false };
    if (known) await trx('case_open_reservations').where(reservationKey(r)).delete();
    const number = await takeNumber(trx, r.definitionKey);
    await trx('case_open_reservations').insert({ ...reservationKey(r), case_id: caseIdOf(number), number, origin, created_at: times.now });
    return { number, caseId: caseIdOf(number), origin, fresh: true };
  });
}

/** Gives a reservation the next number, when the case id it held turned out to be another case's. */
export async function renumberReservation(db: Db, r: OpenRequestKey, caseIdOf: (n: number) => string, origin: string): Promise<Reservation> {
  return writeTransaction(db, async (trx) => {
    const number = await takeNumber(trx, r.definitionKey);
    await trx('case_open_reservations').where(reservationKey(r)).update({ case_id: caseIdOf(number), number });
    return { number, caseId: caseIdOf(number), origin, fresh: true };
  });
}

export async function pruneCaseReservations(db: Db, before: string): Promise<number> {
  return db('case_open_reservations').where('created_at', '<', before).delete();
}

/** The ids of the cases of these teams, as a subquery: for rows that name a case but not its team. */
export function caseIdsOfTeams(db: Db, teams: string[]) {
  return db('cases').select('id').whereIn('team', teams);
}

/** The case as its trail tells it (case-views.ts), or undefined for a case recorded without one. */
export { readCaseView as getCaseView } from './case-reads';

/** The token a case was opened with (see CaseInput.origin); undefined for cases opened before tokens, or none. */
export async function getCaseOrigin(db: Db, id: string): Promise<string | undefined> {
  const r: { origin: string | null } | undefined = await db('cases').where({ id }).first('origin');
  return r?.origin ?? undefined;
}

export async function getCaseRow(db: Db, id: string): Promise<CaseRow | undefined> {
  const r = await db('cases').where({ id }).first(ROW_COLUMNS);
  return r ? rowFromColumns(r) : undefined;
}

/** The running cases that count on an earlier version of a calendar than `version`. */
export async function casesBehindCalendar(db: Db, key: string, version: number): Promise<string[]> {
  const rows: Array<{ id: string }> = await db('cases').where({ calendar_key: key }).andWhere('calendar_version', '<', version).andWhereNot('status', 'closed').orderBy('id').select('id');
  return rows.map((r) => r.id);
}
