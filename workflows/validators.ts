/**
 * Checks that decide whether a command fits the case. They run synchronously before a command is
 * accepted and throw typed failures, so a refused command never reaches the case's history.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import type { Actor, FormData } from '../common/case-types';
import { isDuration } from '../common/duration';
import { FAILURE_TYPES, type FieldError } from '../common/errors';
import type { TaskDraft } from '../common/messages';
import { ROLES, type Phase, type Role } from '../common/phases';
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

export function requireOpen(c: CaseFile, command: string): void {
  if (!c.ready) throw ApplicationFailure.nonRetryable('the case is still opening; try again in a moment', FAILURE_TYPES.Busy);
  if (c.closed) throw invalidTransition(`the case is closed; it takes no '${command}'`);
  if (c.rollingOver) throw ApplicationFailure.nonRetryable('the case is moving to a new run; try again in a moment', FAILURE_TYPES.Busy);
}

export function requireActive(c: CaseFile, command: string): void {
  requireOpen(c, command);
  if (c.s.status === 'on_hold') throw invalidTransition(`the case is on hold; resume it before '${command}'`);
}

export function requirePhase(c: CaseFile, command: string, ...phases: Phase[]): void {
  requireActive(c, command);
  if (!phases.includes(c.s.phase)) {
    throw invalidTransition(`'${command}' fits the ${phases.join(' or ')} phase; the case is in ${c.s.phase}`);
  }
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

export function requireTasks(tasks: TaskDraft[], prefix: string): void {
  const errors: FieldError[] = [];
  tasks.forEach((t, i) => {
    const at = (field: string) => `${prefix}${prefix ? `[${i}].` : ''}${field}`;
    if (!t.title?.trim()) errors.push({ field: at('title'), message: 'give the task a title' });
    if (t.role && !ROLES.includes(t.role)) errors.push({ field: at('role'), message: `must be one of ${ROLES.join(', ')}` });
    if (t.due && !isDuration(t.due) && !isDateTime(t.due)) errors.push({ field: at('due'), message: 'must be an ISO date-time or a duration such as P3D' });
  });
  if (errors.length > 0) throw invalidData(errors);
}
