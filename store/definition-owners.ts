/**
 * Who may publish a definition: the team it belongs to, whose designers (and admins) publish it,
 * and the fixed notification addresses an admin approved for it.
 */
import type { Knex } from 'knex';
import { fixedAddresses } from '../definitions/addresses';
import type { Definition } from '../common/definition-schema';
import type { Db } from './db';

/** Who publishes a version, and what that lets them do. */
export interface Publisher {
  /** A user id, or `definitions-folder` for the files published on start. */
  id: string;
  /** The teams whose definitions they may publish; `any` for admins and the definitions folder. */
  teams: readonly string[] | 'any';
  /** Whether what they publish approves its fixed addresses for the key (admins and the folder do). */
  approves: boolean;
  /** The team a definition they publish first belongs to when it names none. */
  defaultTeam?: string;
}

/** Why a publisher may not publish a key (of a definition, or of a calendar), or undefined when they may. */
export function ownershipProblem(publisher: Publisher, key: string, owner: string | undefined, exists: boolean, what = 'definition'): string | undefined {
  if (publisher.teams === 'any' || !exists) return undefined;
  if (owner === undefined) return `the ${what} '${key}' belongs to no team, so only admins may publish it`;
  if (publisher.teams.includes(owner)) return undefined;
  return `the ${what} '${key}' belongs to team '${owner}'; only its designers and admins may publish it`;
}

export async function getDefinitionOwner(db: Db | Knex.Transaction, key: string): Promise<string | undefined> {
  const row: { team: string } | undefined = await db('definition_owners').where({ key }).first('team');
  return row?.team;
}

/** The team of every definition that has one, by key. */
export async function listDefinitionOwners(db: Db): Promise<Map<string, string>> {
  const rows: Array<{ key: string; team: string }> = await db('definition_owners').select('key', 'team');
  return new Map(rows.map((r) => [r.key, r.team]));
}

export async function setDefinitionOwner(trx: Knex.Transaction, key: string, team: string, by: string): Promise<void> {
  await trx('definition_owners').insert({ key, team, assigned_by: by, assigned_at: new Date().toISOString() });
}

/** Addresses approved for a key, in lower case. */
export async function approvedAddresses(db: Db, key: string): Promise<Set<string>> {
  const rows: Array<{ address: string }> = await db('approved_addresses').where({ key }).select('address');
  return new Set(rows.map((r) => r.address));
}

/** Approves the definition's fixed addresses for its key; returns those not approved before. */
export async function approveAddresses(trx: Knex.Transaction, definition: Definition, by: string): Promise<string[]> {
  const before: Array<{ address: string }> = await trx('approved_addresses').where({ key: definition.key }).select('address');
  const known = new Set(before.map((r) => r.address));
  const added = [...new Set(fixedAddresses(definition).map((a) => a.address))].filter((a) => !known.has(a));
  const at = new Date().toISOString();
  if (added.length > 0) await trx('approved_addresses').insert(added.map((address) => ({ key: definition.key, address, approved_by: by, approved_at: at })));
  return added;
}
