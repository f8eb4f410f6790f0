/**
 * The rules of a working calendar as the arithmetic reads them, and their compiled form. Time-zone
 * rules come from @js-joda/timezone, which carries its own copy of the IANA database, so a due time
 * depends on the pinned package alone, never on the host's time-zone data or its Node version.
 */
import type { LocalDate, LocalDateTime, LocalTime, ZoneId } from '@js-joda/core';
import { joda } from './joda';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * - `next_working_day`: a request received after the close, or on a day that is not a working day,
 *   counts as received when the next working day opens (that day is day 0);
 * - `same_day`: it counts as received on the day it arrived (day 0), working day or not.
 */
export const AFTER_HOURS_RULES = ['next_working_day', 'same_day'] as const;
export type AfterHoursRule = (typeof AFTER_HOURS_RULES)[number];

export interface CalendarRules {
  /** An IANA time zone, e.g. Europe/London. */
  time_zone: string;
  working_days: readonly Weekday[];
  /** Local times `HH:MM`; an end at or before the start ends on the next day (an overnight shift). */
  working_hours: { start: string; end: string };
  holidays: ReadonlyArray<{ date: string; name: string }>;
  received_after_hours: AfterHoursRule;
}

/** A working day's hours, as instants (epoch milliseconds). */
export interface Period {
  open: number;
  close: number;
}

export interface CompiledCalendar {
  rules: CalendarRules;
  zone: ZoneId;
  isWorkingDay(date: LocalDate): boolean;
  holidayOn(date: LocalDate): string | undefined;
  /** The hours of a working day; they belong to the day they open on. */
  period(date: LocalDate): Period;
  localDateTime(ms: number): LocalDateTime;
}

/** One JavaScript weekday index per name, as js-joda numbers them (Monday 1). */
const DAY_VALUES: Record<Weekday, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };
export const weekdayOf = (date: LocalDate): Weekday => WEEKDAYS[date.dayOfWeek().value() - 1];


/**
 * A local time that does not exist (clocks go forward) is read as the same time after the change,
 * 01:30 becoming 02:30; one that happens twice (clocks go back) as its first occurrence.
 */
const instantOf = (date: LocalDate, time: LocalTime, zone: ZoneId): number =>
  joda().ZonedDateTime.ofLocal(joda().LocalDateTime.of(date, time), zone, null).toInstant().toEpochMilli();

const cache = new WeakMap<CalendarRules, CompiledCalendar>();

export function compileCalendar(rules: CalendarRules): CompiledCalendar {
  const known = cache.get(rules);
  if (known) return known;
  const { Instant, LocalDateTime, LocalTime, ZoneId } = joda();
  const zone = ZoneId.of(rules.time_zone);
  const days = new Set(rules.working_days.map((d) => DAY_VALUES[d]));
  const holidays = new Map(rules.holidays.map((h) => [h.date, h.name]));
  const start = LocalTime.parse(rules.working_hours.start);
  const end = LocalTime.parse(rules.working_hours.end);
  const overnight = !end.isAfter(start);
  const compiled: CompiledCalendar = {
    rules,
    zone,
    holidayOn: (date) => holidays.get(date.toString()),
    isWorkingDay: (date) => days.has(date.dayOfWeek().value()) && !holidays.has(date.toString()),
    period: (date) => ({ open: instantOf(date, start, zone), close: instantOf(overnight ? date.plusDays(1) : date, end, zone) }),
    localDateTime: (ms) => LocalDateTime.ofInstant(Instant.ofEpochMilli(ms), zone),
  };
  cache.set(rules, compiled);
  return compiled;
}
