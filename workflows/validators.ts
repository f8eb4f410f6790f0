/**
 * Checks that decide whether a command fits the case. They run synchronously before a command is
 * accepted and throw typed failures, so a refused command never reaches the case's history. Which
 * command fits the case's phase and status is common/command-fit.ts's to say; here are the checks
 * of the moment (the case still opening, or moving to a new run), of roles and of data.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import type { Actor, FormData } from '../common/case-types';
import { commandRefusal, type CaseCommand, type CommandTarget } from '../common/command-fit';
import { isDuration } from '../common/duration';
import { FAILURE_TYPES, type FieldError } from '../common/errors';
import type { TaskDraft } from '../common/messages';
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

const SHA256 = /^[0-9a-f]{64}$/;

export function requireDocument({ documentId, sha256, size, fileName, contentType }: { documentId: string; sha256: string; size: number; fileName: string; contentType: string }): void {
  requireText(documentId, 'documentId', 'the id of the document');
  if (!SHA256.test(sha256 ?? '')) throw invalidData([{ field: 'sha256', message: 'must be a SHA-256 in lowercase hex' }]);
  if (!Number.isSafeInteger(size) || size < 0) throw invalidData([{ field: 'size', message: 'must be a whole number of bytes' }]);
  requireText(fileName, 'fileName', 'the name of the file');
  requireText(contentType, 'contentType', 'the content type of the file');
}
