/**
 * A running deadline's due time, and why, from what it is counted from: the phase's start, the time
 * it stood on hold, and the extensions a supervisor gave it. The workflow counts it again from these
 * when its calendar changes, so a holiday added later moves a deadline it falls within.
 */
import type { CalendarRules } from './calendar-rules';
import { dueAfter, extendDue, reminderAt } from './deadline';
import { explainDue, momentIn } from './explain';

export interface DeadlineBasis {
  startedAt: string;
  within: string;
  remindBefore?: string;
  /** Time spent on hold before now: the due time moves later by it. */
  heldMs?: number;
  /** Durations a supervisor extended it by, in order. */
  extensions?: readonly string[];
}

export interface CountedDeadline {
  dueAt: string;
  remindAt?: string;
  explain: string;
}

const MINUTE = 60_000;

/** Elapsed time in words, to the minute: "2 days 3 hours". */
export function elapsedText(ms: number): string {
  const minutes = Math.round(ms / MINUTE);
  const parts: Array<[number, string]> = [
    [Math.floor(minutes / 1440), 'day'],
    [Math.floor((minutes % 1440) / 60), 'hour'],
    [minutes % 60, 'minute'],
  ];
  const shown = parts.filter(([n]) => n > 0).map(([n, unit]) => `${n} ${unit}${n === 1 ? '' : 's'}`);
  return shown.length ? shown.join(' ') : 'less than a minute';
}

export function countDeadline(b: DeadlineBasis, calendar?: CalendarRules): CountedDeadline {
  const base = explainDue(b.startedAt, b.within, calendar);
  const held = b.heldMs ?? 0;
  let dueAt = new Date(Date.parse(base.at) + held).toISOString();
  let explain = base.text;
  if (held > 0) explain += `; stopped ${elapsedText(held)} on hold: due ${momentIn(dueAt, calendar)}`;
  for (const by of b.extensions ?? []) {
    dueAt = extendDue(dueAt, by, calendar);
    explain += `; extended by ${by}: due ${momentIn(dueAt, calendar)}`;
  }
  if (!b.remindBefore) return { dueAt, explain };
  // The reminder moves with the hold and the extensions, by as much as the due time did.
  const moved = Date.parse(dueAt) - Date.parse(dueAfter(b.startedAt, b.within, calendar));
  const remindAt = new Date(Date.parse(reminderAt(b.startedAt, b.within, b.remindBefore, calendar)) + moved).toISOString();
  return { dueAt, remindAt, explain };
}
