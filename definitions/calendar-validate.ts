/**
 * Validation of working calendars, for the API, the loader and the command line: the zod schema
 * checks the format, and the checks below what it cannot (a time zone the pinned tzdb knows, real
 * dates, hours long enough to count in). Every problem at once, each with its path.
 */
import { LocalDate, LocalTime, ZoneId } from '@js-joda/core';
import '@js-joda/timezone';
import { calendarSchema, type Calendar } from './calendar-schema';
import { DefinitionSyntaxError, parseDefinitionText, type DefinitionProblem } from './definition-text';
import { didYouMean } from './suggest';
import { isObject, schemaProblems, uniqueProblems } from './schema-problems';

export type CalendarValidation = { ok: true; calendar: Calendar } | { ok: false; errors: DefinitionProblem[] };

/** The shortest working hours a calendar may have: a count of working hours walks day by day. */
const MIN_WORKING_MINUTES = 60;

let zones: Set<string> | undefined;
const knownZones = () => (zones ??= new Set(ZoneId.getAvailableZoneIds()));

export function validateCalendarText(text: string, contentType?: 'yaml' | 'json'): CalendarValidation {
  try {
    return validateCalendar(parseDefinitionText(text, contentType));
  } catch (error) {
    if (error instanceof DefinitionSyntaxError) return { ok: false, errors: error.errors };
    throw error;
  }
}

export function validateCalendar(input: unknown): CalendarValidation {
  const parsed = calendarSchema.safeParse(input);
  const errors = parsed.success ? [] : schemaProblems(calendarSchema, parsed.error.issues, input);
  errors.push(...semanticProblems(input));
  const unique = uniqueProblems(errors);
  if (unique.length || !parsed.success) return { ok: false, errors: unique };
  return { ok: true, calendar: parsed.data };
}

const minutesOf = (text: unknown): number | undefined => {
  if (typeof text !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(text)) return undefined;
  const t = LocalTime.parse(text);
  return t.hour() * 60 + t.minute();
};

function realDate(text: string): boolean {
  try {
    LocalDate.parse(text);
    return true;
  } catch {
    return false;
  }
}

function semanticProblems(input: unknown): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const doc = isObject(input) ? input : {};
  if (typeof doc.time_zone === 'string' && doc.time_zone && !knownZones().has(doc.time_zone)) {
    problems.push({
      path: 'time_zone',
      message: `'${doc.time_zone}' is not a time zone of the IANA database${didYouMean(doc.time_zone, knownZones())}; use a name such as Europe/London or Australia/Sydney`,
    });
  }
  if (Array.isArray(doc.working_days)) {
    const seen = new Set<unknown>();
    doc.working_days.forEach((day, i) => {
      if (seen.has(day)) problems.push({ path: `working_days[${i}]`, message: `'${String(day)}' is listed more than once` });
      seen.add(day);
    });
  }
  const hours = isObject(doc.working_hours) ? doc.working_hours : {};
  const [start, end] = [minutesOf(hours.start), minutesOf(hours.end)];
  if (start !== undefined && end !== undefined) {
    const length = (end - start + 1440) % 1440 || 1440;
    if (length < MIN_WORKING_MINUTES) {
      problems.push({ path: 'working_hours.end', message: `working hours must last at least an hour (${hours.start}–${hours.end} is ${length} minutes); an end at or before the start is on the next day` });
    }
  }
  const first = new Map<string, number>();
  (Array.isArray(doc.holidays) ? doc.holidays : []).forEach((h, i) => {
    const day = isObject(h) && typeof h.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(h.date) ? h.date : undefined;
    if (day === undefined) return;
    if (!realDate(day)) problems.push({ path: `holidays[${i}].date`, message: `${day} is not a day of the calendar` });
    else if (first.has(day)) problems.push({ path: `holidays[${i}].date`, message: `${day} is listed more than once (also holidays[${first.get(day)}])` });
    else first.set(day, i);
  });
  return problems;
}
