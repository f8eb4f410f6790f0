/**
 * What routing knows of people beyond the directory (users.ts): their capabilities, their limits
 * on open cases and open tasks, and the days they are away.
 */
import type { Capability } from '../common/capabilities';
import type { Db } from './db';

export interface PersonLimits {
  /** No limit when absent. */
  maxOpenCases?: number;
  maxOpenTasks?: number;
}

export interface Absence {
  id: number;
  userId: string;
  /** Dates (YYYY-MM-DD), both days included. */
  startsOn: string;
  endsOn: string;
  /** Who takes the person's open work meanwhile; absent: it goes back to its queue. */
  delegate?: string;
  reason: string;
  createdBy: string;
  createdAt: string;
}

export interface RoutingProfile extends PersonLimits {
  userId: string;
  capabilities: Capability[];
  absences: Absence[];
}

interface AbsenceRow {
  id: number;
  user_id: string;
  starts_on: string;
  ends_on: string;
  delegate: string | null;
  reason: string;
  created_by: string;
  created_at: string;
}

const absenceFromRow = (r: AbsenceRow): Absence => ({
  id: Number(r.id),
  userId: r.user_id,
  startsOn: r.starts_on,
  endsOn: r.ends_on,
  ...(r.delegate ? { delegate: r.delegate } : {}),
  reason: r.reason,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

const limitsFromRow = (r: { max_open_cases: number | null; max_open_tasks: number | null } | undefined): PersonLimits => ({
  ...(r?.max_open_cases != null ? { maxOpenCases: Number(r.max_open_cases) } : {}),
  ...(r?.max_open_tasks != null ? { maxOpenTasks: Number(r.max_open_tasks) } : {}),
});

export async function capabilitiesOf(db: Db, userId: string): Promise<Capability[]> {
  return (await db('person_capabilities').where({ user_id: userId }).orderBy('name')).map((r: { name: string; level: number }) => ({ name: r.name, level: Number(r.level) }));
}

export async function getRoutingProfile(db: Db, userId: string): Promise<RoutingProfile> {
  const limits = await db('person_limits').where({ user_id: userId }).first();
  const absences: AbsenceRow[] = await db('person_absences').where({ user_id: userId }).orderBy('starts_on').orderBy('id');
  return { userId, capabilities: await capabilitiesOf(db, userId), ...limitsFromRow(limits), absences: absences.map(absenceFromRow) };
}

/** Replaces the person's capabilities and limits as a whole, in one transaction. */
export async function saveRoutingProfile(db: Db, userId: string, profile: { capabilities: Capability[] } & PersonLimits): Promise<void> {
  await db.transaction(async (tx) => {
    await tx('person_capabilities').where({ user_id: userId }).delete();
    if (profile.capabilities.length > 0) await tx('person_capabilities').insert(profile.capabilities.map((c) => ({ user_id: userId, name: c.name, level: c.level })));
    await tx('person_limits')
      .insert({ user_id: userId, max_open_cases: profile.maxOpenCases ?? null, max_open_tasks: profile.maxOpenTasks ?? null })
      .onConflict('user_id')
      .merge(['max_open_cases', 'max_open_tasks']);
  });
}

export async function addAbsence(db: Db, absence: Omit<Absence, 'id' | 'createdAt'>, now: Date): Promise<Absence> {
  const [row] = await db('person_absences')
    .insert({ user_id: absence.userId, starts_on: absence.startsOn, ends_on: absence.endsOn, delegate: absence.delegate ?? null, reason: absence.reason, created_by: absence.createdBy, created_at: now.toISOString() })
    .returning('*');
  return absenceFromRow(row as AbsenceRow);
}

export async function removeAbsence(db: Db, userId: string, id: number): Promise<boolean> {
  return (await db('person_absences').where({ user_id: userId, id }).delete()) > 0;
}

const day = (now: Date) => now.toISOString().slice(0, 10);

/** The absence that covers `now`'s date (UTC), if any. */
export async function absenceOn(db: Db, userId: string, now: Date): Promise<Absence | undefined> {
  const row: AbsenceRow | undefined = await db('person_absences').where({ user_id: userId }).where('starts_on', '<=', day(now)).where('ends_on', '>=', day(now)).orderBy('id').first();
  return row ? absenceFromRow(row) : undefined;
}

/** Of these people, those away on `now`'s date, with the date each is back. */
export async function absentOn(db: Db, userIds: string[], now: Date): Promise<Map<string, string>> {
  const away = new Map<string, string>();
  for (let i = 0; i < userIds.length; i += 500) {
    const rows: AbsenceRow[] = await db('person_absences').whereIn('user_id', userIds.slice(i, i + 500)).where('starts_on', '<=', day(now)).where('ends_on', '>=', day(now));
    for (const r of rows) if (!away.has(r.user_id) || r.ends_on > away.get(r.user_id)!) away.set(r.user_id, r.ends_on);
  }
  return away;
}

/** Capabilities and limits of many people at once. */
export async function routingFacts(db: Db, userIds: string[]): Promise<Map<string, { capabilities: Capability[] } & PersonLimits>> {
  const facts = new Map<string, { capabilities: Capability[] } & PersonLimits>(userIds.map((id) => [id, { capabilities: [] }]));
  for (let i = 0; i < userIds.length; i += 500) {
    const ids = userIds.slice(i, i + 500);
    for (const r of await db('person_capabilities').whereIn('user_id', ids)) facts.get(r.user_id)!.capabilities.push({ name: r.name, level: Number(r.level) });
    for (const r of await db('person_limits').whereIn('user_id', ids)) Object.assign(facts.get(r.user_id)!, limitsFromRow(r));
  }
  return facts;
}

/** Absences begun by `now`'s date (UTC) and not over, whose person's work has not been handed back yet. */
export async function absencesToHandBack(db: Db, now: Date): Promise<Absence[]> {
  const rows: AbsenceRow[] = await db('person_absences').whereNull('handed_back_at').where('starts_on', '<=', day(now)).where('ends_on', '>=', day(now)).orderBy('id');
  return rows.map(absenceFromRow);
}

/** The absence's work is handed back; false when the absence is gone (removed meanwhile). */
export async function markHandedBack(db: Db, id: number, now: Date): Promise<boolean> {
  return (await db('person_absences').where({ id }).update({ handed_back_at: now.toISOString() })) > 0;
}

/** Whether the absence is still on record and its work not handed back. */
export async function awaitsHandBack(db: Db, id: number): Promise<boolean> {
  return (await db('person_absences').where({ id }).whereNull('handed_back_at').first()) !== undefined;
}
