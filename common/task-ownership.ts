/**
 * Whose task a task is: the one statement of the rule. The API asks it before a caseworker
 * completes a task; "My work" turns the same claims into its query of the task table, so a list
 * and a permission never disagree about who owns a task.
 */
import type { Role } from './phases';

/** The roles that are given tasks of their own; a task may be left to any of them. */
const WORKING_ROLES: readonly Role[] = ['caseworker', 'case_manager', 'supervisor'];
/** Roles that also take up tasks left to them on their teams' cases that nobody is assigned to yet. */
const TEAM_ROLES: readonly Role[] = ['case_manager', 'supervisor'];

/** One way a task is someone's. */
export type TaskClaim =
  /** The task is assigned to the person. */
  | { kind: 'assigned'; person: string }
  /** The task is left to a role of theirs, on a case assigned to them. */
  | { kind: 'roleOnOwnCase'; role: Role; person: string }
  /** The task is left to a role of theirs, on an unassigned case of one of their teams. */
  | { kind: 'roleOnUnassignedCase'; role: Role; teams: readonly string[] };

export interface TaskOwner {
  id: string;
  roles: readonly Role[];
  teams: readonly string[];
}

/** Every way a task can be this person's. */
export function taskClaims(person: TaskOwner): TaskClaim[] {
  const claims: TaskClaim[] = [{ kind: 'assigned', person: person.id }];
  for (const role of person.roles.filter((r) => WORKING_ROLES.includes(r))) {
    claims.push({ kind: 'roleOnOwnCase', role, person: person.id });
    if (TEAM_ROLES.includes(role) && person.teams.length > 0) claims.push({ kind: 'roleOnUnassignedCase', role, teams: person.teams });
  }
  return claims;
}

export interface OwnedTask {
  assignee?: string;
  role?: Role;
}

export interface TaskCase {
  assignee?: string;
  team: string;
}

/** Whether a claim covers a task on a case. */
export function claimCovers(claim: TaskClaim, task: OwnedTask, kase: TaskCase): boolean {
  switch (claim.kind) {
    case 'assigned':
      return task.assignee === claim.person;
    case 'roleOnOwnCase':
      return !task.assignee && task.role === claim.role && kase.assignee === claim.person;
    case 'roleOnUnassignedCase':
      return !task.assignee && task.role === claim.role && !kase.assignee && claim.teams.includes(kase.team);
  }
}

/** Whether the task is this person's, by any of their claims. */
export function ownsTask(person: TaskOwner, task: OwnedTask, kase: TaskCase): boolean {
  return taskClaims(person).some((claim) => claimCovers(claim, task, kase));
}
