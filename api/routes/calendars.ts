/**
 * Calendar routes: designers publish working calendars as YAML or JSON, each new content becoming
 * the key's next version, and everyone reads them. A calendar belongs to a team as a definition does.
 */
import type { Client } from '@temporalio/client';
import { Router, type Request } from 'express';
import type { z } from 'zod';
import type { Actor } from '../../common/case-types';
import { calendarHash } from '../../definitions/calendar-files';
import type { Calendar } from '../../definitions/calendar-schema';
import { validateCalendar } from '../../definitions/calendar-validate';
import type { DefinitionProblem } from '../../definitions/definition-text';
import { CalendarOwnedElsewhere, calendarOwnershipProblem, getCalendarOwner, getCalendarVersion, listCalendarOwners, listCalendarVersions, listLatestCalendars, saveCalendarVersion, type StoredCalendar } from '../../store/calendars';
import type { Db } from '../../store/db';
import { rollOutCalendar } from '../calendar-rollout';
import { publisherOf } from '../definition-publishing';
import { HttpError, notFound } from '../problem';
import { documentOf, rejectedDocument } from '../published-documents';
import { validate } from '../validate';
import { calendarKeyParams, calendarVersionParams } from '../schemas/calendars';

/** `ownerTeam`: the team whose designers publish it; absent when only admins may. */
const infoOf = (v: StoredCalendar, ownerTeam: string | undefined) => ({
  key: v.key,
  ...(ownerTeam ? { ownerTeam } : {}),
  name: v.calendar.name,
  description: v.calendar.description,
  timeZone: v.calendar.time_zone,
  version: v.version,
  hash: v.hash,
  createdAt: v.createdAt,
  createdBy: v.createdBy,
});
const fullOf = (v: StoredCalendar, ownerTeam: string | undefined) => ({ ...infoOf(v, ownerTeam), calendar: v.calendar });

const rejected = (problems: DefinitionProblem[]) => rejectedDocument('calendar', problems);
const forbidden = (detail: string, field?: string) => new HttpError(403, 'Forbidden', detail, field ? [{ field, message: detail }] : undefined);

/** The request's calendar with its defaults applied, or a 422 listing every problem at once. */
function calendarOf(req: Request, pathKey: string): Calendar {
  const document = documentOf(req, 'calendar');
  const result = validateCalendar(document);
  const problems = result.ok ? [] : [...result.errors];
  const bodyKey = (document as { key?: unknown } | null | undefined)?.key;
  if (typeof bodyKey === 'string' && bodyKey !== pathKey) problems.push({ path: 'key', message: `must equal the key in the path ('${pathKey}'), not '${bodyKey}'` });
  if (!result.ok || problems.length) throw rejected(problems);
  return result.calendar;
}

async function found(db: Db, key: string, version?: number): Promise<StoredCalendar> {
  const stored = await getCalendarVersion(db, key, version);
  if (!stored) throw notFound(version === undefined ? `the calendar '${key}'` : `version ${version} of the calendar '${key}'`);
  return stored;
}

export function calendarRoutes({ db, client, rolloverWaitMs }: { db: Db; client: Client; rolloverWaitMs?: number }): Router {
  const router = Router();

  router.get('/calendars', async (_req, res) => {
    const owners = await listCalendarOwners(db);
    res.json({ items: (await listLatestCalendars(db)).map((v) => infoOf(v, owners.get(v.key))) });
  });

  router.put('/calendars/:key', validate({ params: calendarKeyParams }), async (req, res) => {
    const { key } = res.locals.params as z.infer<typeof calendarKeyParams>;
    const actor = res.locals.actor as Actor;
    const publisher = publisherOf(actor);
    const refused = await calendarOwnershipProblem(db, publisher, key);
    if (refused) throw forbidden(refused);
    const calendar = calendarOf(req, key);
    if (calendar.team !== undefined && publisher.teams !== 'any' && !publisher.teams.includes(calendar.team)) {
      throw forbidden(`'${calendar.team}' is not one of your teams (${actor.teams.join(', ') || 'none'}); a calendar may belong only to a team of its designer's`, 'team');
    }
    const { created, version } = await saveCalendarVersion(db, calendar, calendarHash(calendar), publisher).catch((err: unknown) => {
      // Another team took the key between the check above and the save.
      throw err instanceof CalendarOwnedElsewhere ? forbidden(err.message) : err;
    });
    if (created) res.status(201).location(`/calendars/${key}/versions/${version.version}`);
    // Publishing the same content again sends it to cases that missed it (one was opening as it was first published).
    const rollout = await rollOutCalendar({ client, db, rolloverWaitMs }, version, actor);
    res.json({ ...fullOf(version, await getCalendarOwner(db, key)), casesUpdated: rollout.updated.length });
  });

  router.get('/calendars/:key', validate({ params: calendarKeyParams }), async (_req, res) => {
    const { key } = res.locals.params as z.infer<typeof calendarKeyParams>;
    res.json(fullOf(await found(db, key), await getCalendarOwner(db, key)));
  });

  router.get('/calendars/:key/versions', validate({ params: calendarKeyParams }), async (_req, res) => {
    const { key } = res.locals.params as z.infer<typeof calendarKeyParams>;
    const items = await listCalendarVersions(db, key);
    if (items.length === 0) throw notFound(`the calendar '${key}'`);
    res.json({ items });
  });

  router.get('/calendars/:key/versions/:version', validate({ params: calendarVersionParams }), async (_req, res) => {
    const { key, version } = res.locals.params as z.infer<typeof calendarVersionParams>;
    res.json(fullOf(await found(db, key, version), await getCalendarOwner(db, key)));
  });

  return router;
}
