/**
 * What bounds a designer's publication beyond the definition's own validity: the team that owns
 * the key, the team the definition puts its cases in, and the fixed addresses its notifications
 * go to. Admins are bound by none of these; what they publish approves its addresses.
 */
import type { Actor } from '../common/case-types';
import type { FieldError } from '../common/errors';
import { fixedAddresses, inDomains } from '../definitions/addresses';
import type { Definition } from '../common/definition-schema';
import type { Db } from '../store/db';
import { approvedAddresses, getDefinitionOwner, ownershipProblem, type Publisher } from '../store/definition-owners';
import { getDefinitionVersion } from '../store/definitions';
import { HttpError, invalid } from './problem';

const isAdmin = (actor: Actor) => actor.roles.includes('admin');
const forbidden = (detail: string, errors?: FieldError[]) => new HttpError(403, 'Forbidden', detail, errors);

export function publisherOf(actor: Actor): Publisher {
  return { id: actor.id, teams: isAdmin(actor) ? 'any' : actor.teams, approves: isAdmin(actor), defaultTeam: actor.teams[0] };
}

/** 403 unless the actor may publish the key; checked again, with the save, in its transaction. */
export async function checkOwnership(db: Db, actor: Actor, key: string): Promise<void> {
  const exists = (await getDefinitionVersion(db, key)) !== undefined;
  const problem = ownershipProblem(publisherOf(actor), key, await getDefinitionOwner(db, key), exists);
  if (problem) throw forbidden(problem);
}

/** 403 when a designer would put cases in a team that is not theirs. */
export function checkCaseTeam(actor: Actor, definition: Definition): void {
  if (isAdmin(actor) || definition.team === undefined || actor.teams.includes(definition.team)) return;
  const message = `'${definition.team}' is not one of your teams (${actor.teams.join(', ') || 'none'}); a definition may put its cases only in a team of its designer's`;
  throw forbidden(message, [{ field: 'team', message }]);
}

/**
 * 422 for each fixed address a designer names outside the allowed domains that no admin approved
 * for this key: case data would otherwise go wherever a designer says.
 */
export async function checkAddresses(db: Db, actor: Actor, definition: Definition, allowedDomains: readonly string[]): Promise<void> {
  if (isAdmin(actor)) return;
  const fixed = fixedAddresses(definition).filter((a) => !inDomains(a.address, allowedDomains));
  if (fixed.length === 0) return;
  const approved = await approvedAddresses(db, definition.key);
  const where = allowedDomains.length > 0 ? `the domains notifications may go to (${allowedDomains.join(', ')})` : 'every domain, since NOTIFY_ALLOWED_DOMAINS names none';
  const errors = fixed
    .filter((a) => !approved.has(a.address))
    .map((a) => ({ field: a.path, message: `'${a.address}' is outside ${where}; an admin approves it for '${definition.key}' by publishing a version that names it` }));
  if (errors.length > 0) throw invalid(errors, `the definition sends notifications to ${errors.length} address${errors.length === 1 ? '' : 'es'} no admin approved`);
}
