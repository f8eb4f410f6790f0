/**
 * "Team", for supervisors: each person's open cases, open tasks and what is overdue; reassigning one
 * case or many at once, with the reason recorded in each assignment's trail entry, and the person's
 * open tasks on those cases with them; the plans waiting for approval; and, for a person
 * deactivated or gone from the team, all their cases and tasks at once. Every change is the case's
 * own command, sent through the services the API uses (cases, and tasks through the work service).
 */
import { Router, type Response } from 'express';
import { z } from 'zod';
import { caseScopeOf } from '../../api/auth/authorize';
import type { CaseService } from '../../api/case-service';
import { createWorkService } from '../../api/work-service';
import { toHttpError } from '../../api/error-handler';
import { person, plainText } from '../../api/schemas/text';
import type { Actor, CaseRow } from '../../common/case-types';
import { commandRefusal } from '../../common/command-fit';
import { approvePlanUpdate, assignUpdate } from '../../common/messages';
import { getCaseRow } from '../../store/cases';
import type { Db } from '../../store/db';
import { listUsers, type User } from '../../store/users';
import { openTasksOf, queueStats } from '../../store/work-queue';
import { awaitingApproval, openCasesOf, workloads } from '../../store/workload';
import { goTo } from '../auth/session';
import { csrfTokenOf, viewerOf, type Viewer } from '../context';
import { sendPage } from '../render';
import { TeamPage, type TeamNotice, type TeamProps } from '../templates/team';

const SHOWN = 200;
const caseIds = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));
const reassignBody = z.object({ cases: caseIds.optional(), from: person.optional(), all: z.literal('true').optional(), to: person, reason: plainText(2000), form: z.string().max(200).optional() });
const approvalBody = z.object({ decision: z.enum(['approve', 'return']), reason: z.string().optional() });

const actorOf = (viewer: Viewer): Actor => ({ id: viewer.user.id, roles: viewer.user.roles, teams: viewer.user.teams });
const facts = (row: CaseRow) => ({ phase: row.phase, status: row.status, risk: row.riskLevel ? { level: row.riskLevel } : undefined, tasks: [], assignee: row.assignee });

/** Whether the person has gone from the teams the page shows: deactivated, or in none of them any more. */
export function hasLeft(user: User | undefined, teams: string[] | undefined): boolean {
  return !user || !user.active || (teams !== undefined && !user.teams.some((t) => teams.includes(t)));
}

export function teamRoutes({ db, cases, clock }: { db: Db; cases: CaseService; clock: () => Date }): Router {
  const router = Router();
  const work = createWorkService({ db, cases, clock });

  const show = async (res: Response, selected: string | undefined, notice?: TeamNotice, status = 200, typed?: TeamProps['typed']) => {
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
        queues: await queueStats(db, teams ?? 'all', clock()),
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

  /**
   * Assigns each case to `to` with the reason in its assignment, then hands `to` the open tasks
   * `from` holds on those cases (or, for all of `from`'s work, every one in the teams), each with the
   * reason in its trail entry; what could not be done is said per case and per task.
   */
  const reassign = async (res: Response, rows: CaseRow[], from: string | undefined, to: string, reason: string, allTasks: boolean) => {
    const actor = actorOf(viewerOf(res));
    const teams = caseScopeOf(res)?.teams;
    const done: string[] = [];
    /** Cases `to` holds now: their tasks follow them. */
    const held = new Set<string>();
    const refused: string[] = [];
    const say = (what: string, err: unknown) => {
      const http = toHttpError(err);
      if (!http || http.status >= 500) throw err;
      // A refusal naming fields says why in their messages (the capability lacked, say).
      refused.push(`${what}: ${http.errors?.length ? http.errors.map((e) => e.message).join(', ') : http.message}`);
    };
    for (const row of rows) {
      if (row.assignee === to) {
        held.add(row.id);
        continue;
      }
      const refusal = commandRefusal(facts(row), 'assign', { assignee: to });
      if (refusal) {
        refused.push(`${row.id}: ${refusal.message}`);
        continue;
      }
      try {
        await cases.command(row.id, assignUpdate, { assignee: to, reason }, actor);
        done.push(row.id);
        held.add(row.id);
      } catch (err) {
        say(row.id, err);
      }
    }
    let tasks = 0;
    if (from) {
      const chosen = new Set(rows.map((r) => r.id));
      // The tasks on a case whose reassignment was refused stay with it; with all of `from`'s work, those on other people's cases move too.
      const open = (await openTasksOf(db, from)).filter((t) => held.has(t.caseId) || (allTasks && !chosen.has(t.caseId)));
      for (const t of open) {
        // A task on a case outside the supervisor's teams is as if it did not exist.
        const row = chosen.has(t.caseId) ? rows.find((r) => r.id === t.caseId) : await getCaseRow(db, t.caseId);
        if (!row || (teams !== undefined && !teams.includes(row.team))) continue;
        try {
          await work.assign(actor, t.caseId, t.taskId, to, reason);
          tasks++;
        } catch (err) {
          say(`task ${t.taskId} of ${t.caseId}`, err);
        }
      }
    }
    return { done, tasks, refused };
  };

  const moved = (cases: number, tasks: number, name: string) => `Reassigned ${cases} case${cases === 1 ? '' : 's'}${tasks > 0 ? ` and ${tasks} task${tasks === 1 ? '' : 's'}` : ''} to ${name}.`;

  router.post('/team/reassign', async (req, res) => {
    const teams = caseScopeOf(res)?.teams;
    const body = reassignBody.safeParse(req.body ?? {});
    const raw = (req.body ?? {}) as Record<string, unknown>;
    const text = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string).slice(0, 2000) : '');
    const from = text('from') || undefined;
    const chosen = caseIds.safeParse(raw.cases ?? []);
    const typed = { form: text('form') || 'selected', reason: text('reason'), to: text('to'), cases: chosen.success ? chosen.data.slice(0, SHOWN) : [] };
    const refuse = (field: string, what: string) => show(res, from, { kind: 'error', text: `Nothing was reassigned. ${what}.`, field }, 422, { ...typed, field, error: `${what}.` });
    if (!body.success) {
      const issue = body.error.issues[0];
      const field = String(issue.path[0]);
      return refuse(field, field === 'to' ? 'Choose who takes the cases' : field === 'reason' ? `The reason ${issue.message}` : `The ${field} ${issue.message}`);
    }
    const { to, reason } = body.data;
    const target = (await listUsers(db)).find((u) => u.id === to);
    if (!target || hasLeft(target, teams)) return refuse('to', 'Choose someone active in your teams to take the cases');
    const all = body.data.all === 'true' && body.data.from !== undefined;
    let rows: CaseRow[];
    if (all) rows = await openCasesOf(db, body.data.from!, teams, 10_000);
    else {
      const ids = body.data.cases ?? [];
      if (ids.length === 0) return refuse('cases', 'Choose at least one case');
      const found = await Promise.all(ids.slice(0, SHOWN).map((id) => getCaseRow(db, id)));
      // A case outside the supervisor's teams is as if it did not exist.
      rows = found.filter((r): r is CaseRow => r !== undefined && (teams === undefined || teams.includes(r.team)));
    }
    const { done, tasks, refused } = await reassign(res, rows, body.data.from, to, reason, all);
    if (refused.length > 0) return show(res, from, { kind: 'error', text: `${moved(done.length, tasks, target.name)} Not reassigned: ${refused.join('; ')}.` }, 409, typed);
    goTo(req, res, `/app/team?${new URLSearchParams({ ...(from ? { person: from } : {}), done: moved(done.length, tasks, target.name) }).toString()}`);
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
