/**
 * Applies the permission table: the actor's roles against the route's, then the case's team, then
 * the route's own rule. Runs before the route, so a refused command never reaches the case.
 */
import type { NextFunction, Request, Response } from 'express';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { Actor } from '../../common/case-types';
import type { CaseView } from '../../common/case-view';
import type { Role } from '../../common/phases';
import { ownsTask } from '../../common/task-ownership';
import { getCaseRow } from '../../store/cases';
import type { Db } from '../../store/db';
import type { CaseService } from '../case-service';
import { HttpError, notFound } from '../problem';
import { caseIdParams } from '../schemas/cases';
import { authLocals } from './authenticate';
import { grantingRoles, type PermissionMatch } from './permissions';

/** Which cases a list may show the actor; absent for admin, who sees them all. */
export interface CaseScope {
  teams: string[];
  /** Set for someone who reads cases only as a caseworker: only the cases assigned to them. */
  assignee?: string;
}

export const caseScopeOf = (res: Response) => res.locals.caseScope as CaseScope | undefined;

/** Whether the actor may see the case at all: admin sees every case, others their teams' cases. */
export async function maySeeCase(db: Db, actor: Actor, caseId: string): Promise<boolean> {
  if (actor.roles.includes('admin')) return true;
  const row = await getCaseRow(db, caseId);
  return row !== undefined && actor.teams.includes(row.team);
}

const forbidden = (detail: string) => new HttpError(403, 'Forbidden', detail);
const noCase = () => notFound('the case');


async function viewOf(cases: CaseService, id: string): Promise<CaseView> {
  try {
    return await cases.view(id);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw noCase();
    throw err;
  }
}

async function checkCase(deps: AuthorizeDeps, match: PermissionMatch, actor: Actor, granted: Role[]): Promise<void> {
  const id = match.params.id;
  // An id that is not one is left to the route's validation, which names the field.
  if (!caseIdParams.safeParse({ id }).success) return;
  const row = await getCaseRow(deps.db, id);
  if (!row || !actor.teams.includes(row.team)) throw noCase();
  if (granted.some((r) => r !== 'caseworker')) return;

  // Only as a caseworker: the case must be given to them, by its assignee or one of its tasks.
  const needsTask = match.permission.rule === 'ownTask';
  if (row.assignee === actor.id && !needsTask) return;
  const view = await viewOf(deps.cases, id);
  if (view.assignee !== actor.id && !view.tasks.some((t) => t.assignee === actor.id)) throw noCase();
  if (needsTask) {
    const task = view.tasks.find((t) => t.id === match.params.taskId);
    // A task that does not exist is left to the case, which names it.
    // Only the caseworker role is granted here, so only its claims count.
    if (task && !ownsTask({ ...actor, roles: ['caseworker'] }, task, view)) throw forbidden(`task ${task.id} is not assigned to you`);
  }
}

function checkSelfAssign(body: unknown, actor: Actor, granted: Role[]): void {
  if (granted.includes('supervisor')) return;
  const assignee = (body as { assignee?: unknown } | undefined)?.assignee;
  // An empty value (a form's "Nobody yet") assigns nobody; the request's schema refuses it where it must name someone.
  if (assignee !== undefined && assignee !== '' && assignee !== actor.id) {
    throw forbidden('only a supervisor assigns a case to someone else; you may assign it to yourself');
  }
}

export interface AuthorizeDeps {
  db: Db;
  cases: CaseService;
}

export function authorize(deps: AuthorizeDeps) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const { permission: match, actor } = authLocals(res);
    if (!actor) return next();
    if (actor.roles.includes('admin')) return next();
    // Unlisted routes do not exist for anyone but admin.
    if (!match) return next(notFound(`${req.method} ${req.path}`));

    const { permission } = match;
    const granted = grantingRoles(permission.access, actor.roles);
    if (granted.length === 0) {
      const names = [...(Array.isArray(permission.access) ? permission.access : []), 'admin'].join(', ');
      return next(forbidden(`${req.method} ${permission.path} needs one of these roles: ${names}`));
    }
    res.locals.caseScope = { teams: actor.teams, ...(granted.some((r) => r !== 'caseworker') ? {} : { assignee: actor.id }) } satisfies CaseScope;
    if (permission.case) await checkCase(deps, match, actor, granted);
    if (permission.rule === 'selfAssign') checkSelfAssign(req.body, actor, granted);
    next();
  };
}
