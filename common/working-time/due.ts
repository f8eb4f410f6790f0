/**
 * When working time ends: pure and deterministic, so a workflow may compute it and compute the same
 * on every replay.
 *
 * The counting convention. The day a request is received is day 0; a deadline of N working days ends
 * at the close of the N-th working day after it. Day 0 is the working day whose hours the request
 * arrived in, or the working day it arrived before the opening of. A request that arrived after the
 * close, or on a day that is not a working day, counts under the calendar's `received_after_hours`:
 * from the next working day (day 0 is that day) or from the day it arrived. N = 0 ends at the close of
 * day 0, or of the first working day after it when day 0 is not one.
 * N working hours are the first N hours of working time from the moment received (or from the next
 * opening, when it arrived outside working hours); a deadline that uses up a day's hours exactly
 * ends at that day's close.
 */
import type { LocalDate } from '@js-joda/core';
import { compileCalendar, weekdayOf, type CalendarRules, type CompiledCalendar, type Weekday } from './calendar-rules';
import type { WorkingTime } from './span';

export type Receipt = 'within_hours' | 'before_hours' | 'after_hours';

export interface SkippedDay {
  date: string;
  weekday: Weekday;
  /** The holiday's name, when the day is a working weekday taken by a holiday. */
  holiday?: string;
}

export interface WorkingDue {
  /** The due instant, ISO 8601 in UTC. */
  at: string;
  span: WorkingTime;
  receivedAt: string;
  receipt: Receipt;
  /** Day 0, the local date the count starts from. */
  dayZero: string;
  /** When working time starts to run: the moment received, or the opening it waited for. */
  countsFrom: string;
  /** Whether a request received after hours counts from the next working day. */
  movedToNextWorkingDay: boolean;
  /** Days that are not working days between day 0 and the due day, in order. */
  skipped: SkippedDay[];
}

/** Working time would end further away than any count a definition may ask for: a broken calendar. */
export class WorkingTimeOutOfRange extends RangeError {
  override name = 'WorkingTimeOutOfRange';
}

/** Days a count may walk before it is refused: 60 years, beyond every bound a definition may set. */
const MAX_DAYS = 60 * 366;
const HOUR_MS = 3_600_000;

const iso = (ms: number) => new Date(ms).toISOString();

function parseInstant(text: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms) || !/(Z|[+-]\d\d:?\d\d)$/i.test(text)) throw new RangeError(`'${text}' is not an ISO 8601 instant with a time zone, such as 2026-12-04T09:00:00Z`);
  return ms;
}

interface Start {
  receipt: Receipt;
  /** The date whose working hours the request belongs to, or the date it arrived. */
  date: LocalDate;
}

function receiptOf(c: CompiledCalendar, t: number): Start {
  const date = c.localDateTime(t).toLocalDate();
  // An overnight shift that opened the day before may still be running.
  for (const day of [date.minusDays(1), date]) {
    if (!c.isWorkingDay(day)) continue;
    const { open, close } = c.period(day);
    if (open <= t && t < close) return { receipt: 'within_hours', date: day };
  }
  if (c.isWorkingDay(date) && t < c.period(date).open) return { receipt: 'before_hours', date };
  return { receipt: 'after_hours', date };
}

/** Walks day by day, noting the days that are not working days. */
class Walk {
  readonly skipped: SkippedDay[] = [];
  private days = 0;
  constructor(private readonly c: CompiledCalendar) {}

  /** The first working day after `date`. */
  nextWorkingDay(date: LocalDate, noteSkipped = true): LocalDate {
    let day = date.plusDays(1);
    while (!this.c.isWorkingDay(day)) {
      if (noteSkipped) this.note(day);
      day = this.step(day);
    }
    return day;
  }

  private step(day: LocalDate): LocalDate {
    if (++this.days > MAX_DAYS) throw new WorkingTimeOutOfRange(`no working time found within ${MAX_DAYS} days; does the calendar have working days?`);
    return day.plusDays(1);
  }

  private note(day: LocalDate): void {
    const holiday = this.c.holidayOn(day);
    const weekday = weekdayOf(day);
    const weekdayWorks = this.c.rules.working_days.includes(weekday);
    this.skipped.push({ date: day.toString(), weekday, ...(holiday !== undefined && weekdayWorks ? { holiday } : {}) });
  }
}

/** When `span` of working time on the calendar, counted from `receivedAt` (an ISO instant), ends. */
export function workingDue(calendar: CalendarRules, receivedAt: string, span: WorkingTime): WorkingDue {
  const c = compileCalendar(calendar);
  const t = parseInstant(receivedAt);
  const start = receiptOf(c, t);
  const walk = new Walk(c);
  const moved = start.receipt === 'after_hours' && (span.unit === 'hour' || calendar.received_after_hours === 'next_working_day');
  const dayZero = moved ? walk.nextWorkingDay(start.date, false) : start.date;
  const countsFrom = start.receipt === 'within_hours' ? t : start.receipt === 'before_hours' ? c.period(dayZero).open : moved ? c.period(dayZero).open : t;
  const at = span.unit === 'day' ? endOfDays(c, walk, dayZero, span.amount) : endOfHours(c, walk, dayZero, countsFrom, span.amount);
  return {
    at: iso(at),
    span,
    receivedAt: iso(t),
    receipt: start.receipt,
    dayZero: dayZero.toString(),
    countsFrom: iso(countsFrom),
    movedToNextWorkingDay: moved,
    skipped: walk.skipped,
  };
}

function endOfDays(c: CompiledCalendar, walk: Walk, dayZero: LocalDate, n: number): number {
  let day = dayZero;
  if (n === 0 && !c.isWorkingDay(day)) day = walk.nextWorkingDay(day);
  for (let counted = 0; counted < n; counted++) day = walk.nextWorkingDay(day);
  return c.period(day).close;
}

function endOfHours(c: CompiledCalendar, walk: Walk, dayZero: LocalDate, from: number, n: number): number {
  let remaining = n * HOUR_MS;
  let day = dayZero;
  let cursor = from;
  for (;;) {
    // A day whose hours fall in a daylight-saving gap may have none left.
    const left = Math.max(0, c.period(day).close - cursor);
    if (remaining <= left) return cursor + remaining;
    remaining -= left;
    day = walk.nextWorkingDay(day);
    cursor = c.period(day).open;
  }
}
