/**
 * The format of a working calendar: what a designer writes in definitions/calendars/*.yaml. Like
 * definitions/schema.ts it is the single source of the format; calendar.schema.json is generated
 * from it.
 */
import { z } from 'zod';
import { AFTER_HOURS_RULES, WEEKDAYS, type CalendarRules } from '../common/working-time/calendar-rules';
import { LIMITS } from '../common/definition-limits';

export const CALENDAR_KEY = /^[a-z][a-z0-9-]{1,39}$/;

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day such as 09:00 or 17:30 (24-hour HH:MM)');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-12-25 (YYYY-MM-DD)');

const holiday = z
  .object({
    date,
    name: z.string().min(1).describe('Shown where a due time is explained'),
  })
  .strict();

export const calendarSchema = z
  .object({
    key: z.string().regex(CALENDAR_KEY, 'use 2 to 40 lower-case letters, digits and -').describe('Definitions name the calendar by this key'),
    name: z.string().min(1),
    description: z.string().default(''),
    team: z.string().min(1).optional().describe('Team whose designers publish the calendar; none: only admins'),
    time_zone: z.string().min(1).describe('IANA time zone the working hours and holidays are in, e.g. Europe/London'),
    working_days: z
      .array(z.enum(WEEKDAYS))
      .min(1)
      .describe('Days of the week that are working days, unless a holiday'),
    working_hours: z
      .object({
        start: time.describe('Opening, local time'),
        end: time.describe('Close, local time; at or before the start it is on the next day (an overnight shift)'),
      })
      .strict(),
    received_after_hours: z
      .enum(AFTER_HOURS_RULES)
      .default('next_working_day')
      .describe('A request received after the close or on a day off counts from the next working day (day 0), or from the day it arrived'),
    holidays: z
      .array(holiday)
      .max(LIMITS.holidays, `may have at most ${LIMITS.holidays} holidays`)
      .default([])
      .describe('Dates that are not working days, whatever their weekday'),
  })
  .strict();

/** A calendar as a designer writes it (defaults not yet applied). */
export type CalendarInput = z.input<typeof calendarSchema>;
/** A validated calendar with every default applied. */
export type Calendar = z.output<typeof calendarSchema>;

/** A calendar as it is stored: pinned to one version. */
export interface VersionedCalendar {
  key: string;
  version: number;
  hash: string;
  calendar: Calendar;
}

/** The arithmetic (common/working-time) reads a validated calendar as it is. */
export const calendarRules = (calendar: Calendar): CalendarRules => calendar;
