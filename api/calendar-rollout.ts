/**
 * A new version of a calendar reaches the running cases that count on an earlier one: each is sent
 * the version through an update, counts its pending due times on it and records that in its trail.
 * The update's id names the version, so a case takes each version once however often it is sent.
 */
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { Actor, PinnedCalendar } from '../common/case-types';
import { FAILURE_TYPES } from '../common/errors';
import { useCalendarUpdate } from '../common/messages';
import { pinCalendar } from '../definitions/pinned-calendar';
import { listLatestCalendars, type StoredCalendar } from '../store/calendars';
import { casesBehindCalendar } from '../store/cases';
import type { Db } from '../store/db';
import { DEFAULT_ROLLOVER_WAIT_MS, sendWhileBusy } from './busy';

/** Cases sent the version at a time: enough to be quick, few enough to leave the workers to others. */
const AT_ONCE = 8;

export interface Rollout {
  /** Cases that now count on the version. */
  updated: string[];
  /** Cases that did not take it (closed meanwhile, or already on it), with why. */
  skipped: Array<{ caseId: string; reason: string }>;
}

const refusal = (err: unknown): string | undefined => {
  if (err instanceof WorkflowNotFoundError) return 'the case has ended';
  const type = (err as { cause?: { type?: string } })?.cause?.type;
  return type === FAILURE_TYPES.InvalidTransition || type === FAILURE_TYPES.InvalidData ? String((err as { cause?: { message?: string } }).cause?.message) : undefined;
};

export async function rollOutCalendar(deps: { client: Client; db: Db; rolloverWaitMs?: number }, stored: StoredCalendar, actor: Actor): Promise<Rollout> {
  const calendar = pinCalendar(stored, stored.calendar);
  const pending = await casesBehindCalendar(deps.db, stored.key, stored.version);
  const result: Rollout = { updated: [], skipped: [] };
  const send = async (caseId: string) => {
    const handle = deps.client.workflow.getHandle(caseId);
    const options = { args: [{ calendar, actor }] as [{ calendar: PinnedCalendar; actor: Actor }], updateId: `calendar:${stored.key}@${stored.version}` };
    try {
      await sendWhileBusy(() => handle.executeUpdate(useCalendarUpdate, options), deps.rolloverWaitMs ?? DEFAULT_ROLLOVER_WAIT_MS);
      result.updated.push(caseId);
    } catch (err) {
      const reason = refusal(err);
      if (reason === undefined) throw err;
      result.skipped.push({ caseId, reason });
    }
  };
  for (let i = 0; i < pending.length; i += AT_ONCE) await Promise.all(pending.slice(i, i + AT_ONCE).map(send));
  return result;
}

/** Who sends the versions published from the definitions folder, in the cases' trails. */
export const FOLDER_PUBLISHER: Actor = { id: 'definitions-folder', roles: ['admin'], teams: [] };

/**
 * Brings every running case up to the newest version of its calendar: run on start, after the
 * folder's calendars are published, so a holiday added to a file reaches the cases as one added
 * through the API does. It waits for a worker to take the updates, so callers run it beside their start.
 */
export async function rollOutLatestCalendars(deps: { client: Client; db: Db; rolloverWaitMs?: number }): Promise<Rollout> {
  const all: Rollout = { updated: [], skipped: [] };
  for (const stored of await listLatestCalendars(deps.db)) {
    const done = await rollOutCalendar(deps, stored, FOLDER_PUBLISHER);
    all.updated.push(...done.updated);
    all.skipped.push(...done.skipped);
  }
  return all;
}
