/**
 * The calendar activity: a case names the calendar version it counts working time on by key,
 * version and hash, and loads it here, as it loads its definition.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { CalendarRef, PinnedCalendar } from '../common/case-types';
import { FAILURE_TYPES } from '../common/errors';
import { pinCalendar } from '../definitions/pinned-calendar';
import { getCalendarVersion } from '../store/calendars';
import type { Db } from '../store/db';

const CACHED_VERSIONS = 100;

export function createCalendarActivities({ db }: { db: Db }) {
  // A saved version never changes, so what a worker read once holds for every case that names it.
  const cache = new Map<string, PinnedCalendar>();
  return {
    async loadCalendar(ref: CalendarRef): Promise<PinnedCalendar> {
      const id = `${ref.key}@${ref.version}#${ref.hash}`;
      const cached = cache.get(id);
      if (cached) return cached;
      const stored = await getCalendarVersion(db, ref.key, ref.version);
      if (!stored) {
        throw ApplicationFailure.nonRetryable(`calendar '${ref.key}' version ${ref.version} is not in the database the worker reads; publish it there`, FAILURE_TYPES.CalendarUnavailable);
      }
      if (stored.hash !== ref.hash) {
        throw ApplicationFailure.nonRetryable(
          `calendar '${ref.key}' version ${ref.version} in the database is not the one the case pinned (hash ${stored.hash}, not ${ref.hash}); restore that version`,
          FAILURE_TYPES.CalendarUnavailable,
        );
      }
      const pinned = pinCalendar(ref, stored.calendar);
      cache.set(id, pinned);
      if (cache.size > CACHED_VERSIONS) cache.delete(cache.keys().next().value as string);
      return pinned;
    },
  };
}
