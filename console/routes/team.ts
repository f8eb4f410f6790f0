/**
 * "Team", for supervisors: each person's open cases, open tasks and what is overdue; reassigning one
 * case or many at once, with the reason recorded on each case as a note beside its assignment; the
 * plans waiting for approval; and, for a person deactivated or gone from the team, all their cases
 * at once. Every change is the case's own command, sent through the case service the API uses.
 */
import { Router, type Response } from 'express';
import { z } from 'zod';
import { caseScopeOf } from '../../api/auth/authorize';
import type { CaseService } from '../../api/case-service';
import { toHttpError } from '../../api/error-handler';
import { person, plainText } from '../../api/schemas/text';
import type { Actor, CaseRow } from '../../common/case-types';
import { commandRefusal } from '../../common/command-fit';
import { addNoteUpdate, approvePlanUpdate, assignUpdate } from '../../common/messages';
import { getCaseRow } from '../../store/cases';
import type { Db } from '../../store/db';
import { listUsers, type User } from '../../store/users';
import { awaitingApproval, openCasesOf, workloads } from '../../store/workload';
import { goTo } from '../auth/session';
import { csrfTokenOf, viewerOf, type Viewer } from '../context';
import { sendPage } from '../render';
import { TeamPage, type TeamNotice } from '../templates/team';

const SHOWN = 200;
const caseIds = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));
const reassignBody = z.object({ cases: caseIds.optional(), from: person.optional(), all: z.literal('true').optional(), to: person, reason: plainText(2000) });
const approvalBody = z.object({ decision: z.enum(['approve', 'return']), reason: z.string().optional() });

const actorOf = (viewer: Viewer): Actor => ({ id: viewer.user.id, roles: viewer.user.roles, teams: viewer.user.teams });
const facts = (row: CaseRow) => ({ phase: row.phase, status: row.status, risk: row.riskLevel ? { level: row.riskLevel } : undefined, tasks: [], assignee: row.assignee });

/** Whether the person has gone from the teams the page shows: deactivated, or in none of them any more. */
export function hasLeft(user: User | undefined, teams: string[] | undefined): boolean {
  return !user || !user.active || (teams !== undefined && !user.teams.some((t) => teams.includes(t)));
}

export function teamRoutes({ db, cases, clock }: { db: Db; cases: CaseService; clock: () => Date }): Router {
  const router = Router();

  const show = async (res: Response, selected: string | undefined, notice?: TeamNotice, status = 200, typed?: Record<string, string>) => {
    const viewer = viewerOf(res);
    const teams = caseScopeOf(res)?.teams;
    const users = await listUsers(db);
    const byId = new Map(users.map((u) => [u.id, u]));
    const loads = await workloads(db, teams, clock().toISOString());
    const assignable = users.filter((u) => u.active && !hasLeft(u, teams) && u.roles.some((r) => r === 'case_manager' || r === 'supervisor' || r === 'caseworker'));
    sendPage(
      res,
      TeamPage({
        viewer,
        csrfToken: csrfTokenOf(res),
        rows: loads.map((w) => ({ ...w, name: byId.get(w.person)?.name ?? w.person, left: hasLeft(byId.get(w.person), teams) })),
        selected: selected ? { person: selected, name: byId.get(selected)?.name ?? selected, cases: await openCasesOf(db, selected, teams, SHOWN) } : undefined,
        approvals: await awaitingApproval(db, teams, SHOWN),
        assignable: assignable.map((u) => ({ value: u.id, label: u.name })),
        names: new Map(users.map((u) => [u.id, u.name])),
        now: clock(),
        notice,
        typed,
      }),
      status,
    );
  };

  router.get('/team', async (req, res) => {
    const who = typeof req.query.person === 'string' && person.safeParse(req.query.person).success ? req.query.person : undefined;
    const done = typeof req.query.done === 'string' ? req.query.done.slice(0, 300) : undefined;
    await show(res, who, done ? { kind: 'info', text: done } : undefined);
  });

  /** Assigns each case to `to` and records the reason on it; what could not be done is said per case. */
  const reassign = async (res: Response, rows: CaseRow[], to: string, reason: string, toName: string) => {
    const actor = actorOf(viewerOf(res));
    const done: string[] = [];
    const refused: string[] = [];
    for (const row of rows) {
      const refusal = commandRefusal(facts(row), 'assign', { assignee: to });
      if (refusal) {
        refused.push(`${row.id}: ${refusal.message}`);
        continue;
      }
      try {
        await cases.command(row.id, assignUpdate, { assignee: to }, actor);
        await cases.command(row.id, addNoteUpdate, { text: `Reassigned from ${row.assignee ?? 'nobody'} to ${toName}: ${reason}` }, actor);
        done.push(row.id);
      } catch (err) {
        const http = toHttpError(err);
        if (!http || http.status >= 500) throw err;
        refused.push(`${row.id}: ${http.message}`);
      }
    }
    return { done, refused };
  };

  router.post('/team/reassign', async (req, res) => {
    const teams = caseScopeOf(res)?.teams;
    const body = reassignBody.safeParse(req.body ?? {});
    const from = typeof req.body?.from === 'string' ? (req.body.from as string) : undefined;
    const typed = { reason: typeof req.body?.reason === 'string' ? (req.body.reason as string) : '', to: typeof req.body?.to === 'string' ? (req.body.to as string) : '' };
    if (!body.success) {
      const issue = body.error.issues[0];
      const field = String(issue.path[0]);
      const what = field === 'to' ? 'Choose who takes the cases' : field === 'reason' ? `The reason ${issue.message}` : `The ${field} ${issue.message}`;
      return show(res, from, { kind: 'error', text: `Nothing was reassigned. ${what}.`, field }, 422, typed);
    }
    const { to, reason } = body.data;
    const target = (await listUsers(db)).find((u) => u.id === to);
    if (!target || hasLeft(target, teams)) return show(res, from, { kind: 'error', text: 'Nothing was reassigned. Choose someone active in your teams to take the cases.', field: 'to' }, 422, typed);
    let rows: CaseRow[];
    if (body.data.all === 'true' && body.data.from) rows = await openCasesOf(db, body.data.from, teams, 10_000);
    else {
      const ids = body.data.cases ?? [];
      if (ids.length === 0) return show(res, from, { kind: 'error', text: 'Nothing was reassigned. Choose at least one case.', field: 'cases' }, 422, typed);
      const found = await Promise.all(ids.slice(0, SHOWN).map((id) => getCaseRow(db, id)));
      // A case outside the supervisor's teams is as if it did not exist.
      rows = found.filter((r): r is CaseRow => r !== undefined && (teams === undefined || teams.includes(r.team)));
    }
    const { done, refused } = await reassign(res, rows, to, reason, target.name);
    if (refused.length > 0) return show(res, from, { kind: 'error', text: `Reassigned ${done.length} case${done.length === 1 ? '' : 's'} to ${target.name}. Not reassigned: ${refused.join('; ')}.` }, 409);
    goTo(req, res, `/app/team?${new URLSearchParams({ ...(from ? { person: from } : {}), done: `Reassigned ${done.length} case${done.length === 1 ? '' : 's'} to ${target.name}.` }).toString()}`);
  });

  router.post('/team/approvals/:id', async (req, res) => {
    const viewer = viewerOf(res);
    const id = req.params.id as string;
    const body = approvalBody.safeParse(req.body ?? {});
    const row = await getCaseRow(db, id);
    if (!row) return show(res, undefined, { kind: 'error', text: `There is no case ${id}.` }, 404);
    if (!body.success) return show(res, undefined, { kind: 'error', text: 'Choose to approve the plan or send it back.' }, 422);
    const approved = body.data.decision === 'approve';
    const reason = (body.data.reason ?? '').trim();
    if (!approved && reason === '') return show(res, undefined, { kind: 'error', text: `The plan of ${id} was not sent back: say why in "Why it goes back".`, field: `reason-${id}` }, 422);
    const refusal = commandRefusal(facts(row), 'approvePlan');
    if (refusal) return show(res, undefined, { kind: 'error', text: `${id}: ${refusal.message}.` }, 409);
    try {
      await cases.command(id, approvePlanUpdate, { approved, ...(reason ? { reason } : {}) }, actorOf(viewer));
    } catch (err) {
      const http = toHttpError(err);
      if (!http || http.status >= 500) throw err;
      return show(res, undefined, { kind: 'error', text: `${id}: ${http.message}` }, http.status);
    }
    goTo(req, res, `/app/team?done=${encodeURIComponent(`${id}: plan ${approved ? 'approved' : 'sent back'}.`)}`);
  });

  return router;
}
