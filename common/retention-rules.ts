/**
 * Who may place or release a legal hold on a case, and who approves the destruction of a case the
 * retention review listed: the one statement of both, asked by the API before it acts and by the
 * console before it offers the form, so the console offers nothing the API would refuse.
 */
import type { Actor } from './case-types';
import type { CaseView } from './case-view';
import type { Definition } from './definition-schema';
import type { Role } from './phases';

/** Why not: a role that may not (403), or a case in the wrong state for it (409). */
export interface RetentionRefusal {
  type: 'Forbidden' | 'InvalidTransition';
  message: string;
}

/** Without a retention key, supervisors hold cases, as the key's own default names them. */
const DEFAULT_HOLD_ROLES: readonly Role[] = ['supervisor'];

export const holdRoles = (definition?: Definition): readonly Role[] => definition?.retention?.hold_roles ?? DEFAULT_HOLD_ROLES;

/** Why `actor` may not place (or release) a legal hold on the case now, or undefined when they may. */
export function legalHoldRefusal(view: Pick<CaseView, 'purged' | 'legalHold'>, definition: Definition | undefined, actor: Pick<Actor, 'roles'>, placing: boolean): RetentionRefusal | undefined {
  const roles = holdRoles(definition);
  if (!actor.roles.some((r) => r === 'admin' || roles.includes(r))) return { type: 'Forbidden', message: `only ${roles.join(' or ')} may place or release a legal hold on this kind of case` };
  if (view.purged) return { type: 'InvalidTransition', message: 'the case was destroyed' };
  if (placing && view.legalHold) return { type: 'InvalidTransition', message: `the case is on legal hold already, since ${view.legalHold.since}` };
  if (!placing && !view.legalHold) return { type: 'InvalidTransition', message: 'the case is not on legal hold' };
  return undefined;
}

/** Why `actor` may not approve the destruction of a case of this definition, or undefined when they may. */
export function destructionApprovalRefusal(definitionKey: string, definition: Definition | undefined, actor: Pick<Actor, 'roles'>): RetentionRefusal | undefined {
  const approver = definition?.retention?.approver;
  if (actor.roles.includes('admin') || (approver && actor.roles.includes(approver))) return undefined;
  return { type: 'Forbidden', message: `the destruction of a ${definitionKey} case is approved by admin${approver ? ` or ${approver}` : ''}` };
}
