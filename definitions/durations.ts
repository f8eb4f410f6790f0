/**
 * Every duration a definition gives, with its path: task due times, follow-up cadences and window,
 * the contact delay, and each phase's deadline and reminder. Read loosely, so the checks that use it
 * run even when the format has errors.
 */
import { RISK_LEVELS } from '../common/phases';
import { isObject } from './schema-problems';

export interface DurationAt {
  path: string;
  value: string;
}

const rec = (x: unknown): Record<string, unknown> => (isObject(x) ? x : {});

export function definitionDurations(doc: unknown): DurationAt[] {
  const found: DurationAt[] = [];
  const add = (path: string, value: unknown) => {
    if (typeof value === 'string') found.push({ path, value });
  };
  const d = rec(doc);
  const planning = rec(d.planning);
  for (const level of RISK_LEVELS) {
    const tasks = rec(planning[level]).tasks;
    if (Array.isArray(tasks)) tasks.forEach((t, i) => add(`planning.${level}.tasks[${i}].due`, rec(t).due));
  }
  const followUp = rec(d.follow_up);
  const cadence = rec(followUp.cadence);
  for (const level of RISK_LEVELS) add(`follow_up.cadence.${level}`, cadence[level]);
  add('follow_up.window', followUp.window);
  add('contact.delay', rec(d.contact).delay);
  for (const [phase, deadline] of Object.entries(rec(d.deadlines))) {
    add(`deadlines.${phase}.within`, rec(deadline).within);
    add(`deadlines.${phase}.remind_before`, rec(deadline).remind_before);
  }
  return found;
}
