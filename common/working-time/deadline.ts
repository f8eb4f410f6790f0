/**
 * Due times of every duration a definition may give: calendar time (ISO 8601, counted in elapsed
 * milliseconds as before) or working time on the definition's calendar. This is what a case calls
 * wherever it turns a definition's duration into an instant.
 */
import { durationMs, isDuration } from '../duration';
import type { CalendarRules } from './calendar-rules';
import { workingDue } from './due';
import { parseWorkingTime, type WorkingTime } from './span';

/** A duration in working time with no calendar to count it on, or text that is no duration. */
export class DurationNotCountable extends RangeError {
  override name = 'DurationNotCountable';
}

function working(duration: string, calendar: CalendarRules | undefined): { span: WorkingTime; calendar: CalendarRules } | undefined {
  const span = parseWorkingTime(duration);
  if (!span) {
    if (!isDuration(duration)) throw new DurationNotCountable(`'${duration}' is neither an ISO 8601 duration such as P7D nor working time such as 5 working days`);
    return undefined;
  }
  if (!calendar) throw new DurationNotCountable(`'${duration}' is working time, and no calendar was given to count it on`);
  return { span, calendar };
}

/** The instant `duration` after `from` (both ISO 8601). */
export function dueAfter(from: string, duration: string, calendar?: CalendarRules): string {
  const w = working(duration, calendar);
  if (w) return workingDue(w.calendar, from, w.span).at;
  return new Date(Date.parse(from) + durationMs(duration)).toISOString();
}

/**
 * When to remind before a deadline of `within` counted from `from`. Calendar time before the
 * deadline is taken off the due instant; working time is counted like the deadline, short of
 * `remindBefore` (5 working days within, 2 before: the close of working day 3).
 */
export function reminderAt(from: string, within: string, remindBefore: string, calendar?: CalendarRules): string {
  const before = working(remindBefore, calendar);
  const due = dueAfter(from, within, calendar);
  if (!before) return new Date(Date.parse(due) - durationMs(remindBefore)).toISOString();
  const span = parseWorkingTime(within);
  if (!span || span.unit !== before.span.unit) {
    throw new DurationNotCountable(`a reminder of ${remindBefore} needs a deadline in working ${before.span.unit}s, not ${within}`);
  }
  return workingDue(before.calendar, from, { unit: span.unit, amount: Math.max(0, span.amount - before.span.amount) }).at;
}

/**
 * A due time moved later by `by`. Working days count from the due day itself (an extension of 5
 * working days from a Friday's close ends at the next Friday's close), working hours from the due
 * instant; calendar time is added as elapsed time.
 */
export function extendDue(due: string, by: string, calendar?: CalendarRules): string {
  const w = working(by, calendar);
  if (!w) return new Date(Date.parse(due) + durationMs(by)).toISOString();
  // A close-of-day instant is after hours; a millisecond before it is still within the day it closes.
  const justBefore = new Date(Date.parse(due) - 1).toISOString();
  const at = workingDue(w.calendar, justBefore, w.span).at;
  return w.span.unit === 'day' ? at : new Date(Date.parse(at) + 1).toISOString();
}
