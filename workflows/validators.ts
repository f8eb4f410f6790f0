/**
 * Checks that decide whether a command fits the case. They run synchronously before a command is
 * accepted and throw typed failures, so a refused command never reaches the case's history. Which
 * command fits the case's phase and status is common/command-fit.ts's to say; here are the checks
 * of the moment (the case still opening, or moving to a new run), of roles and of data.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import type { Actor, FormData, PinnedCalendar } from '../common/case-types';
import { commandRefusal, type CaseCommand, type CommandTarget } from '../common/command-fit';
import { isDuration } from '../common/duration';
import { FAILURE_TYPES, type FieldError } from '../common/errors';
import type { TaskDraft } from '../common/messages';
import { LIMITS } from '../common/definition-limits';
import { parseWorkingTime } from '../common/working-time/span';
import { ROLES, type Role } from '../common/phases';
import { validateForm } from '../definitions/forms';
import type { FormName } from '../common/definition-schema';
import type { CaseFile } from './case-file';

export function invalidTransition(message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, FAILURE_TYPES.InvalidTransition);
}

export function invalidData(errors: FieldError[]): ApplicationFailure {
  const message = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  return ApplicationFailure.create({ message, type: FAILURE_TYPES.InvalidData, nonRetryable: true, details: [errors] });
}

const busy = (message: string) => ApplicationFailure.nonRetryable(message, FAILURE_TYPES.Busy);

/** Refuses a command the case cannot take now. */
export function requireFit(c: CaseFile, command: CaseCommand, target?: CommandTarget): void {
  if (!c.ready) throw busy('the case is still opening; try again in a moment');
  if (c.rollingOver && !c.closed) throw busy('the case is moving to a new run; try again in a moment');
  const refusal = commandRefusal(c.s, command, target);
  if (refusal?.type === 'InvalidData') throw invalidData([{ field: refusal.field ?? command, message: refusal.message }]);
  if (refusal) throw invalidTransition(refusal.message);
}

/** A phase command is carried out by the main flow, one of a kind at a time. */
export function requireNotPending(c: CaseFile, command: CaseCommand): void {
  if (c.inbox.has(command)) throw invalidTransition(`a '${command}' command is already being carried out`);
}

export function requireRole(actor: Actor, roles: Role[], what: string): void {
  if (!actor.roles.some((r) => r === 'admin' || roles.includes(r))) {
    throw ApplicationFailure.nonRetryable(`only ${roles.join(' or ')} may ${what}`, FAILURE_TYPES.Forbidden);
  }
}

export function requireText(value: string | undefined, field: string, what: string): void {
  if (!value?.trim()) throw invalidData([{ field, message: `give ${what}` }]);
}

export function requireForm(c: CaseFile, form: FormName, data: FormData | undefined): void {
  const errors = validateForm(c.definition.forms[form], data ?? {});
  if (errors.length > 0) throw invalidData(errors.map((e) => ({ field: `data.${e.field}`, message: e.message })));
}

const isDateTime = (text: string) => !Number.isNaN(Date.parse(text)) && /^\d{4}-\d{2}-\d{2}/.test(text);

/** Why a duration given in a command cannot be counted on this case, or undefined when it can. */
export function durationProblem(c: CaseFile, value: string): string | undefined {
  const span = parseWorkingTime(value);
  if (!span) return isDuration(value) ? undefined : 'must be a duration such as P3D, or working time such as 3 working days';
  if (!c.calendar) return `this kind of case names no calendar, so it counts no working time; give a duration such as P3D`;
  const bound = span.unit === 'day' ? LIMITS.workingDays : LIMITS.workingHours;
  return span.amount > bound ? `may count at most ${bound} working ${span.unit}s` : undefined;
}

export function requireTasks(c: CaseFile, tasks: TaskDraft[], prefix: string): void {
  const errors: FieldError[] = [];
  tasks.forEach((t, i) => {
    const at = (field: string) => `${prefix}${prefix ? `[${i}].` : ''}${field}`;
    if (!t.title?.trim()) errors.push({ field: at('title'), message: 'give the task a title' });
    if (t.role && !ROLES.includes(t.role)) errors.push({ field: at('role'), message: `must be one of ${ROLES.join(', ')}` });
    if (t.due && !isDateTime(t.due)) {
      const problem = durationProblem(c, t.due);
      if (problem) errors.push({ field: at('due'), message: isDuration(t.due) || parseWorkingTime(t.due) ? problem : 'must be an ISO date-time, a duration such as P3D, or working time such as 3 working days' });
    }
  });
  if (errors.length > 0) throw invalidData(errors);
}

/** A supervisor's extension of the running deadline: there is one, it has not passed, and the definition allows another. */
export function requireExtension(c: CaseFile, by: string, reason: string): void {
  const d = c.currentDeadline();
  const rule = d && d.phase !== 'closed' ? c.definition.deadlines[d.phase] : undefined;
  if (!d || !rule) throw invalidTransition(`the ${c.s.phase} phase has no deadline to extend`);
  if (d.breached) throw invalidTransition(`the ${d.phase} deadline passed at ${d.dueAt}; it stays as it was`);
  const allowed = rule.max_extensions ?? 0;
  const given = d.extensions?.length ?? 0;
  if (given >= allowed) {
    throw invalidTransition(allowed === 0 ? `the definition allows no extension of the ${d.phase} deadline` : `the definition allows ${allowed} extension${allowed === 1 ? '' : 's'} of the ${d.phase} deadline, and it has had ${given}`);
  }
  const problem = durationProblem(c, by);
  if (problem) throw invalidData([{ field: 'by', message: problem }]);
  requireText(reason, 'reason', 'the reason for the extension');
}

/** A calendar version the case may move to: a later version of the calendar it counts on. */
export function requireNewerCalendar(c: CaseFile, calendar: PinnedCalendar): void {
  if (!c.ready) throw busy('the case is still opening; try again in a moment');
  if (c.rollingOver && !c.closed) throw busy('the case is moving to a new run; try again in a moment');
  if (c.closed) throw invalidTransition('the case is closed; its due times no longer move');
  const pinned = c.s.calendar;
  if (!pinned || pinned.key !== calendar.key) throw invalidData([{ field: 'calendar.key', message: `the case counts on ${pinned ? `the calendar '${pinned.key}'` : 'no calendar'}, not '${calendar.key}'` }]);
  if (calendar.version <= pinned.version) throw invalidTransition(`the case counts on version ${pinned.version} of '${pinned.key}' already`);
}

const SHA256 = /^[0-9a-f]{64}$/;

export function requireDocument({ documentId, sha256, size, fileName, contentType }: { documentId: string; sha256: string; size: number; fileName: string; contentType: string }): void {
  requireText(documentId, 'documentId', 'the id of the document');
  if (!SHA256.test(sha256 ?? '')) throw invalidData([{ field: 'sha256', message: 'must be a SHA-256 in lowercase hex' }]);
  if (!Number.isSafeInteger(size) || size < 0) throw invalidData([{ field: 'size', message: 'must be a whole number of bytes' }]);
  requireText(fileName, 'fileName', 'the name of the file');
  requireText(contentType, 'contentType', 'the content type of the file');
}
