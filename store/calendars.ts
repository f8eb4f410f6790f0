/**
 * Versions of working calendars: immutable once saved, numbered from 1 per key, and owned by a team
 * as definitions are (store/definition-owners.ts): a key's first version gives it its team, the one
 * the calendar names or else the publisher's, and only that team's designers and admins publish it.
 */
import type { Knex } from 'knex';
import type { Calendar, VersionedCalendar } from '../definitions/calendar-schema';
import { recordAudit } from './audit-log';
import { lockKey, writeTransaction, type Db } from './db';
import { ownershipProblem, type Publisher } from './definition-owners';

export interface CalendarVersionInfo {
  key: string;
  version: number;
  hash: string;
  createdBy: string;
  createdAt: string;
}

export type StoredCalendar = VersionedCalendar & { createdBy: string; createdAt: string };

interface VersionRow {
  key: string;
  version: number;
  hash: string;
  content: string;
  created_by: string;
  created_at: string;
}

const info = (r: VersionRow): CalendarVersionInfo => ({ key: r.key, version: r.version, hash: r.hash, createdBy: r.created_by, createdAt: r.created_at });
const stored = (r: VersionRow): StoredCalendar => ({ ...info(r), calendar: JSON.parse(r.content) as Calendar });

/** A publisher may not publish the key: it belongs to another team, or to none. */
export class CalendarOwnedElsewhere extends Error {
  override name = 'CalendarOwnedElsewhere';
}

export async function getCalendarOwner(db: Db | Knex.Transaction, key: string): Promise<string | undefined> {
  const row: { team: string } | undefined = await db('calendar_owners').where({ key }).first('team');
  return row?.team;
}

export async function listCalendarOwners(db: Db): Promise<Map<string, string>> {
  const rows: Array<{ key: string; team: string }> = await db('calendar_owners').select('key', 'team');
  return new Map(rows.map((r) => [r.key, r.team]));
}

/** Why the publisher may not publish the key, or undefined when they may. */
export async function calendarOwnershipProblem(db: Db | Knex.Transaction, publisher: Publisher, key: string): Promise<string | undefined> {
  const exists = (await db('calendar_versions').where({ key }).first('version')) !== undefined;
  return ownershipProblem(publisher, key, await getCalendarOwner(db, key), exists, 'calendar');
}

/**
 * Saves a calendar as its key's next version, unless it is identical to the latest one, and only
 * when the publisher may publish the key; every new version is recorded in the audit log, in the
 * same transaction. `hash` is the canonical hash of the validated calendar.
 */
export async function saveCalendarVersion(db: Db, calendar: Calendar, hash: string, publisher: Publisher): Promise<{ created: boolean; version: StoredCalendar }> {
  return writeTransaction(db, async (trx) => {
    const key = calendar.key;
    await lockKey(trx, `calendar:${key}`);
    const refused = await calendarOwnershipProblem(trx, publisher, key);
    if (refused) throw new CalendarOwnedElsewhere(refused);
    const latest: VersionRow | undefined = await trx('calendar_versions').where({ key }).orderBy('version', 'desc').first();
    if (latest && latest.hash === hash) return { created: false, version: stored(latest) };
    const row: VersionRow = {
      key,
      version: (latest?.version ?? 0) + 1,
      hash,
      content: JSON.stringify(calendar),
      created_by: publisher.id,
      created_at: new Date().toISOString(),
    };
    await trx('calendar_versions').insert(row);
    let owner = await getCalendarOwner(trx, key);
    const assigned = owner === undefined ? (calendar.team ?? publisher.defaultTeam) : undefined;
    if (assigned !== undefined) await trx('calendar_owners').insert({ key, team: assigned, assigned_by: publisher.id, assigned_at: row.created_at });
    owner ??= assigned;
    const details = { version: row.version, hash, team: owner ?? null, ...(assigned !== undefined ? { teamAssigned: true } : {}) };
    await recordAudit(trx, { actor: publisher.id, action: 'calendar.published', subject: `calendar:${key}`, details });
    return { created: true, version: stored(row) };
  });
}

export async function getCalendarVersion(db: Db, key: string, version?: number): Promise<StoredCalendar | undefined> {
  const query = db('calendar_versions').where({ key });
  const row: VersionRow | undefined = await (version === undefined ? query.orderBy('version', 'desc').first() : query.andWhere({ version }).first());
  return row ? stored(row) : undefined;
}

export async function listCalendarVersions(db: Db, key: string): Promise<CalendarVersionInfo[]> {
  const rows: VersionRow[] = await db('calendar_versions').where({ key }).orderBy('version');
  return rows.map(info);
}

/** The latest version of every calendar, by key. */
export async function listLatestCalendars(db: Db): Promise<StoredCalendar[]> {
  const latest = db('calendar_versions').select('key').max('version as version').groupBy('key').as('latest');
  const rows: VersionRow[] = await db('calendar_versions')
    .join(latest, function () {
      this.on('calendar_versions.key', '=', 'latest.key').andOn('calendar_versions.version', '=', 'latest.version');
    })
    .select('calendar_versions.*')
    .orderBy('calendar_versions.key');
  return rows.map(stored);
}

/** The keys of every calendar published, for checking the calendars definitions name. */
export async function listCalendarKeys(db: Db): Promise<string[]> {
  const rows: Array<{ key: string }> = await db('calendar_versions').distinct('key').orderBy('key');
  return rows.map((r) => r.key);
}
