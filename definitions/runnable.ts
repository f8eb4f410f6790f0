/**
 * What a valid definition may say that running cases do not do yet, and so may not be published:
 * working-time durations are checked, but a case's timers count calendar time only until cases pin
 * their calendar. Publishing (the API and the folder) and the checker refuse them, each at its path,
 * rather than let a case meet a duration it cannot count.
 */
import { isWorkingTime } from '../common/working-time/span';
import type { DefinitionProblem } from './definition-text';
import { definitionDurations } from './durations';

export function unrunnableProblems(doc: unknown): DefinitionProblem[] {
  return definitionDurations(doc)
    .filter((d) => isWorkingTime(d.value))
    .map((d) => ({ path: d.path, message: `cases do not count working time yet, so a definition with it cannot be published; give a calendar-time duration such as P28D for now` }));
}
