/**
 * What the format cannot check about working time in a definition: a calendar to count it on, one
 * that is published, counts within bounds, and reminders that fit their deadline.
 */
import { parseWorkingTime } from '../common/working-time/span';
import type { DefinitionProblem } from './definition-text';
import { definitionDurations } from './durations';
import { didYouMean } from './suggest';
import { LIMITS } from '../common/definition-limits';
import { isObject } from './schema-problems';

const BOUNDS = { day: LIMITS.workingDays, hour: LIMITS.workingHours };

/** `calendars`: the keys of the calendars a definition may name. */
export function workingTimeProblems(doc: unknown, calendars: readonly string[]): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const d = isObject(doc) ? doc : {};
  const calendar = typeof d.calendar === 'string' ? d.calendar : undefined;
  if (calendar !== undefined && /^[a-z][a-z0-9-]{1,39}$/.test(calendar) && !calendars.includes(calendar)) {
    const known = calendars.length ? didYouMean(calendar, calendars) || (calendars.length <= 12 ? `; published: ${calendars.join(', ')}` : '') : '; none is published yet';
    problems.push({ path: 'calendar', message: `no calendar '${calendar}' is published${known}` });
  }
  for (const { path, value } of definitionDurations(doc)) {
    const span = parseWorkingTime(value);
    if (!span) continue;
    if (calendar === undefined) {
      problems.push({ path, message: `working time needs a calendar to count on: name one at the top of the definition, e.g. calendar: uk-england` });
    }
    if (span.amount > BOUNDS[span.unit]) problems.push({ path, message: `may count at most ${BOUNDS[span.unit]} working ${span.unit}s` });
  }
  const deadlines = isObject(d.deadlines) ? d.deadlines : {};
  for (const [phase, raw] of Object.entries(deadlines)) {
    const deadline = isObject(raw) ? raw : {};
    if (typeof deadline.within !== 'string' || typeof deadline.remind_before !== 'string') continue;
    const within = parseWorkingTime(deadline.within);
    const before = parseWorkingTime(deadline.remind_before);
    if (!before) continue;
    const at = `deadlines.${phase}.remind_before`;
    if (!within) problems.push({ path: at, message: `a reminder in working time needs a deadline in working time; give it in calendar time, such as P2D, or give within in working ${before.unit}s` });
    else if (within.unit !== before.unit) problems.push({ path: at, message: `must be in working ${within.unit}s, as within is (${deadline.within})` });
    else if (before.amount >= within.amount) problems.push({ path: at, message: `must be shorter than within (${deadline.within})` });
  }
  return problems;
}
