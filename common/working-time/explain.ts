/**
 * A due time in words, for the people a deadline binds:
 * "5 working days from Fri 4 Dec 09:00 Europe/London, skipping Sat–Sun and 25–26 Dec: due Fri 11 Dec 17:30".
 */
import type { LocalDate, LocalDateTime } from '@js-joda/core';
import { joda } from './joda';
import { compileCalendar, WEEKDAYS, type CalendarRules, type Weekday } from './calendar-rules';
import { dueAfter } from './deadline';
import { workingDue, type SkippedDay, type WorkingDue } from './due';
import { formatWorkingTime, parseWorkingTime } from './span';

const DAY_NAMES: Record<Weekday, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Holidays named one by one; past these, the rest are counted. */
const HOLIDAY_RUNS_SHOWN = 8;

const pad = (n: number) => String(n).padStart(2, '0');
const dayMonth = (d: LocalDate) => `${d.dayOfMonth()} ${MONTHS[d.monthValue() - 1]}`;
const withYear = (text: string, d: LocalDate, years: boolean) => (years ? `${text} ${d.year()}` : text);
const dateText = (d: LocalDate, years: boolean) => withYear(`${DAY_NAMES[WEEKDAYS[d.dayOfWeek().value() - 1]]} ${dayMonth(d)}`, d, years);
const timeText = (t: LocalDateTime) => `${pad(t.hour())}:${pad(t.minute())}`;
const momentText = (t: LocalDateTime, years: boolean) => `${dateText(t.toLocalDate(), years)} ${timeText(t)}`;

function joined(parts: string[]): string {
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** Runs of consecutive items, as [first, last] pairs. */
function runs<T>(items: T[], follows: (a: T, b: T) => boolean): Array<[T, T]> {
  const found: Array<[T, T]> = [];
  for (const item of items) {
    const last = found[found.length - 1];
    if (last && follows(last[1], item)) last[1] = item;
    else found.push([item, item]);
  }
  return found;
}

/** The week as the calendar lives it: from a working day that follows a day off, so Sat–Sun (or Fri–Sat) read as one run. */
function weekOrder(workingDays: readonly Weekday[]): Weekday[] {
  const first = WEEKDAYS.findIndex((d, i) => workingDays.includes(d) && !workingDays.includes(WEEKDAYS[(i + 6) % 7]));
  const at = Math.max(0, first);
  return [...WEEKDAYS.slice(at), ...WEEKDAYS.slice(0, at)];
}

function skippedText(skipped: SkippedDay[], workingDays: readonly Weekday[], years: boolean): string {
  const order = weekOrder(workingDays);
  const daysOff = new Set(skipped.filter((s) => s.holiday === undefined).map((s) => s.weekday));
  const weekly = runs(order.filter((d) => daysOff.has(d)), (a, b) => order.indexOf(b) === order.indexOf(a) + 1).map(([a, b]) =>
    a === b ? DAY_NAMES[a] : `${DAY_NAMES[a]}–${DAY_NAMES[b]}`,
  );
  const holidays = skipped.filter((s) => s.holiday !== undefined).map((s) => joda().LocalDate.parse(s.date));
  const dated = runs(holidays, (a, b) => a.plusDays(1).equals(b)).map(([a, b]) => {
    if (a.equals(b)) return withYear(dayMonth(a), a, years);
    if (a.year() === b.year() && a.month() === b.month()) return withYear(`${a.dayOfMonth()}–${dayMonth(b)}`, b, years);
    return `${withYear(dayMonth(a), a, years)}–${withYear(dayMonth(b), b, years)}`;
  });
  const shown = dated.slice(0, HOLIDAY_RUNS_SHOWN);
  if (dated.length > shown.length) shown.push(`${dated.length - shown.length} more holidays`);
  const parts = [...weekly, ...shown];
  return parts.length ? `, skipping ${joined(parts)}` : '';
}

/** A working-time due time in words, in the calendar's time zone. */
export function explainWorkingDue(calendar: CalendarRules, due: WorkingDue): string {
  const c = compileCalendar(calendar);
  const received = c.localDateTime(Date.parse(due.receivedAt));
  const at = c.localDateTime(Date.parse(due.at));
  const years = received.year() !== at.year();
  // Said only where it changes the count: a day's opening changes no count of days.
  let note = '';
  const counted = c.localDateTime(Date.parse(due.countsFrom));
  const why = !c.isWorkingDay(received.toLocalDate()) && due.receipt === 'after_hours' ? 'not a working day' : due.receipt.replace('_', ' ');
  if (due.span.unit === 'day' && due.movedToNextWorkingDay) note = ` (${why}: counted from ${dateText(counted.toLocalDate(), years)})`;
  if (due.span.unit === 'hour' && due.countsFrom !== due.receivedAt) note = ` (${why}: counted from ${momentText(counted, years)})`;
  const from = `${momentText(received, years)} ${calendar.time_zone}`;
  return `${formatWorkingTime(due.span)} from ${from}${note}${skippedText(due.skipped, calendar.working_days, years)}: due ${momentText(at, years)}`;
}

/** An instant in UTC, read without the date library: what cases with no calendar show. */
function utcText(ms: number, years: boolean): string {
  const d = new Date(ms);
  const weekday = WEEKDAYS[(d.getUTCDay() + 6) % 7];
  const date = `${DAY_NAMES[weekday]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}${years ? ` ${d.getUTCFullYear()}` : ''}`;
  return `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** An instant as the calendar's people read it: "Fri 11 Dec 17:30" (UTC without a calendar). */
export function momentIn(at: string, calendar?: CalendarRules): string {
  if (!calendar) return utcText(Date.parse(at), false);
  return momentText(compileCalendar(calendar).localDateTime(Date.parse(at)), false);
}

/** Any duration a definition may give, counted from `from`: its due instant and the reason in words. */
export function explainDue(from: string, duration: string, calendar?: CalendarRules): { at: string; text: string } {
  const span = parseWorkingTime(duration);
  if (span && calendar) {
    const due = workingDue(calendar, from, span);
    return { at: due.at, text: explainWorkingDue(calendar, due) };
  }
  const at = dueAfter(from, duration, calendar);
  if (!calendar) {
    const years = new Date(Date.parse(from)).getUTCFullYear() !== new Date(Date.parse(at)).getUTCFullYear();
    return { at, text: `${duration} (calendar time) from ${utcText(Date.parse(from), years)} UTC: due ${utcText(Date.parse(at), years)}` };
  }
  const c = compileCalendar(calendar);
  const start = c.localDateTime(Date.parse(from));
  const end = c.localDateTime(Date.parse(at));
  const years = start.year() !== end.year();
  return { at, text: `${duration} (calendar time) from ${momentText(start, years)} ${calendar.time_zone}: due ${momentText(end, years)}` };
}
