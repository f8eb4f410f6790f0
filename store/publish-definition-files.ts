/**
 * Publishes the files of the definitions folder as new versions when their content changed since the
 * last start: first the calendars in its calendars/ folder, then the definitions, which may name any
 * calendar published by then.
 */
import type { Db } from './db';
import { listCalendarKeys, saveCalendarVersion } from './calendars';
import { saveDefinitionVersion } from './definitions';
import type { Publisher } from './definition-owners';
import { calendarHash, calendarsDir, loadCalendarFiles } from '../definitions/calendar-files';
import { canonicalHash, loadDefinitionFiles } from '../definitions/loader';

/** The files are the operator's: they publish any key, and approve their addresses. */
const DEFINITIONS_FOLDER: Publisher = { id: 'definitions-folder', teams: 'any', approves: true };

type Published = Array<{ key: string; version: number; created: boolean }>;

export async function publishCalendarFiles(db: Db, dir: string): Promise<Published> {
  const results = [];
  for (const { calendar } of loadCalendarFiles(dir)) {
    const { created, version } = await saveCalendarVersion(db, calendar, calendarHash(calendar), DEFINITIONS_FOLDER);
    results.push({ key: version.key, version: version.version, created });
  }
  return results;
}

export async function publishDefinitionFiles(db: Db, dir: string): Promise<Published> {
  await publishCalendarFiles(db, calendarsDir(dir));
  const loaded = loadDefinitionFiles(dir, { calendars: await listCalendarKeys(db) });
  const results = [];
  for (const { definition } of loaded) {
    const { created, version } = await saveDefinitionVersion(db, definition, canonicalHash(definition), DEFINITIONS_FOLDER);
    results.push({ key: version.key, version: version.version, created });
  }
  return results;
}
