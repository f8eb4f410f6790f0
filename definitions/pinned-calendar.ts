/**
 * A calendar version as a case counts on it: its rules, and the rules of its time zone taken from
 * the pinned @js-joda/timezone, so the case needs to read no other zone (common/working-time/joda.ts).
 * Made here for the case that loads its calendar and for a new version sent to running cases.
 */
import { ZoneRulesProvider } from '@js-joda/core';
import '@js-joda/timezone';
import type { CalendarRef, PinnedCalendar } from '../common/case-types';
import type { PackedZoneRules, TzdbProvider } from '../common/working-time/joda';
import { calendarRules, type Calendar } from './calendar-schema';

const tzdb = (): PackedZoneRules => (ZoneRulesProvider as unknown as TzdbProvider).getTzdbData();
/** A packed zone begins with its name; a link is `zone|alias`. */
const nameOf = (packed: string) => packed.slice(0, packed.indexOf('|'));

/**
 * The packed rules of one zone and the link that names it, if its name is a link. A name the
 * database does not hold (UTC, which js-joda knows without it) gives none.
 */
export function zoneRulesOf(timeZone: string): PackedZoneRules {
  const { version, zones, links } = tzdb();
  const link = links.find((l) => l.slice(l.indexOf('|') + 1) === timeZone);
  const target = link ? nameOf(link) : timeZone;
  return { version, zones: zones.filter((z) => nameOf(z) === target), links: link ? [link] : [] };
}

export function pinCalendar(ref: CalendarRef, calendar: Calendar): PinnedCalendar {
  const rules = calendarRules(calendar);
  return { key: ref.key, version: ref.version, hash: ref.hash, rules, zone: zoneRulesOf(rules.time_zone) };
}
