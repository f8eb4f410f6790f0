/**
 * Routing through the API: "Get next", claims, releases, assignments and skips of tasks, and
 * handing back a person's open work. The claim in the read model decides who has a task (one
 * claim a task, so two callers never get the same one); the case then records the hand in its
 * trail with its reason, and a task the case no longer has goes back out of the claims.
 */
import type { Actor } from '../common/case-types';
import type { CaseView } from '../common/case-view';
import { describeCapabilities, matchedCapabilities, missingCapabilities, type Capability } from '../common/capabilities';
import { assignUpdate, routeTaskUpdate } from '../common/messages';
import { timeBand } from '../common/urgency';
import { getCaseRow } from '../store/cases';
import type { Db } from '../store/db';
import { absenceOn, capabilitiesOf, getRoutingProfile } from '../store/people';
import { getUser } from '../store/users';
import { claimOf, claimTask, dropClaim, moveClaim, openTaskCount, queueFor, skipTask, type QueueItem } from '../store/work-queue';
import { handBackWork, type CaseHands, type HandedBack } from '../activities/hand-back';
import type { CaseService } from './case-service';
import { toHttpError } from './error-handler';
import type { Clock } from './idempotency';
import { HttpError, invalid, notFound } from './problem';

export interface Why {
  /** The rule that chose the item. */
  rule: 'most-urgent-you-can-take';
  summary: string;
  urgency: number;
  dueAt?: string;
  risk?: string;
  queue: { team: string; role?: string };
  capabilities: { required: Capability[]; preferred: Capability[] };
}

export interface NextWork {
  item: { caseId: string; taskId: string; title: string; team: string; dueAt?: string; risk?: string; urgency: number } | null;
  why?: Why;
  /** Why nothing was given, when nothing was. */
  reason?: string;
}

const BAND_WORDS = ['no deadline within 7 days', 'due within 7 days', 'due within 3 days', 'due within a day', 'due within 4 hours', 'overdue'];
const conflict = (detail: string) => new HttpError(409, 'Conflict', detail);
/** The case has moved on from what the read model showed (the task is done, or held already). */
const isStale = (err: unknown) => [404, 409, 422].includes(toHttpError(err)?.status ?? 0);

function why(item: QueueItem, has: readonly Capability[], now: Date): Why {
  const capabilities = matchedCapabilities(has, item);
  const band = BAND_WORDS[timeBand(now.toISOString(), item.dueAt)];
  const needs = capabilities.required.length ? `; needs ${describeCapabilities(item.requires)}, you have ${capabilities.required.map((c) => `${c.name} ${c.level}`).join(', ')}` : '';
  const prefers = capabilities.preferred.length ? `; prefers ${capabilities.preferred.map((c) => c.name).join(', ')}, which you have` : '';
  return {
    rule: 'most-urgent-you-can-take',
    summary: `The most urgent task you may take in ${item.team}'s queue: urgency ${item.urgency} (${band}, risk ${item.risk ?? 'not assessed'})${needs}${prefers}`,
    urgency: item.urgency,
    ...(item.dueAt ? { dueAt: item.dueAt } : {}),
    ...(item.risk ? { risk: item.risk } : {}),
    queue: { team: item.team, ...(item.role ? { role: item.role } : {}) },
    capabilities,
  };
}

export interface WorkServiceDeps {
  db: Db;
  cases: CaseService;
  clock: Clock;
}

export function createWorkService({ db, cases, clock }: WorkServiceDeps) {
  const route = (caseId: string, taskId: string, assignee: string | undefined, reason: string, actor: Actor): Promise<CaseView> =>
    cases.command(caseId, routeTaskUpdate, { taskId, ...(assignee ? { assignee } : {}), reason }, actor);

  /** The task's row in the read model; 404 for a task the case does not have, 409 for one not open. */
  async function openTask(caseId: string, taskId: string) {
    const row = await db('case_tasks').where({ case_id: caseId, task_id: taskId }).first();
    if (!row) throw notFound(`task ${taskId} of ${caseId}`);
    if (row.status !== 'open') throw conflict(`task ${taskId} is ${row.status} already`);
    return { assignee: (row.assignee as string | null) ?? undefined, requires: row.requires ? (JSON.parse(row.requires) as Capability[]) : [], team: row.team as string };
  }

  async function roomFor(userId: string, who: 'you' | string): Promise<void> {
    const profile = await getRoutingProfile(db, userId);
    if (profile.maxOpenTasks === undefined) return;
    const open = await openTaskCount(db, userId);
    if (open >= profile.maxOpenTasks) throw conflict(`${who === 'you' ? 'you hold' : `${who} holds`} ${open} open tasks, the limit of ${profile.maxOpenTasks}; a task must be done or released first`);
  }

  return {
    async next(actor: Actor): Promise<NextWork> {
      const now = clock();
      const away = await absenceOn(db, actor.id, now);
      if (away) throw conflict(`you are recorded as absent until ${away.endsOn}; work is not given to people who are away`);
      await roomFor(actor.id, 'you');
      const limit = (await getRoutingProfile(db, actor.id)).maxOpenTasks;
      const capabilities = await capabilitiesOf(db, actor.id);
      const seeker = { id: actor.id, roles: actor.roles, teams: actor.teams, capabilities };
      for (let round = 0; round < 5; round++) {
        const { items } = await queueFor(db, seeker, now, 10);
        if (items.length === 0) break;
        for (const item of items) {
          const answer = why(item, capabilities, now);
          const claim = await claimTask(db, item.caseId, item.taskId, actor.id, answer.summary, now, limit);
          if (claim === 'full') await roomFor(actor.id, 'you');
          if (claim !== 'claimed') continue;
          try {
            await route(item.caseId, item.taskId, actor.id, `Get next: ${answer.summary}`, actor);
          } catch (err) {
            await dropClaim(db, item.caseId, item.taskId);
            if (isStale(err)) continue;
            throw err;
          }
          const { caseId, taskId, title, team, dueAt, risk, urgency } = item;
          return { item: { caseId, taskId, title, team, urgency, ...(dueAt ? { dueAt } : {}), ...(risk ? { risk } : {}) }, why: answer };
        }
      }
      return { item: null, reason: `no open task in the queues of ${actor.teams.join(', ') || 'your teams'} fits your roles and capabilities${capabilities.length ? ` (${describeCapabilities(capabilities)})` : ''}, or you skipped it` };
    },

    async skip(actor: Actor, caseId: string, taskId: string, reason: string): Promise<void> {
      const row = await getCaseRow(db, caseId);
      if (!row || !(actor.roles.includes('admin') || actor.teams.includes(row.team))) throw notFound('the case');
      await openTask(caseId, taskId);
      await skipTask(db, actor.id, caseId, taskId, reason, clock());
    },

    async claim(actor: Actor, caseId: string, taskId: string, reason?: string): Promise<CaseView> {
      const task = await openTask(caseId, taskId);
      if (task.assignee) throw conflict(`task ${taskId} is assigned to ${task.assignee}`);
      const missing = missingCapabilities(await capabilitiesOf(db, actor.id), task);
      if (missing.length > 0) throw conflict(`task ${taskId} needs ${describeCapabilities(missing)}, which you do not have at that level`);
      await roomFor(actor.id, 'you');
      const why = `claimed${reason ? `: ${reason}` : ''}`;
      const claim = await claimTask(db, caseId, taskId, actor.id, why, clock(), (await getRoutingProfile(db, actor.id)).maxOpenTasks);
      if (claim === 'full') await roomFor(actor.id, 'you');
      if (claim !== 'claimed') throw conflict(`task ${taskId} is taken by ${(await claimOf(db, caseId, taskId))?.userId ?? 'someone else'}`);
      try {
        return await route(caseId, taskId, actor.id, why, actor);
      } catch (err) {
        await dropClaim(db, caseId, taskId);
        throw err;
      }
    },

    async release(actor: Actor, caseId: string, taskId: string, reason?: string): Promise<CaseView> {
      const task = await openTask(caseId, taskId);
      const holder = task.assignee ?? (await claimOf(db, caseId, taskId))?.userId;
      if (!holder) throw conflict(`task ${taskId} is in its team's queue already`);
      const supervises = actor.roles.some((r) => r === 'admin' || r === 'supervisor');
      if (holder !== actor.id && !supervises) throw new HttpError(403, 'Forbidden', `task ${taskId} is ${holder}'s; only they or a supervisor release it`);
      const view = await route(caseId, taskId, undefined, `released${reason ? `: ${reason}` : ''}`, actor);
      await dropClaim(db, caseId, taskId);
      return view;
    },

    async assign(actor: Actor, caseId: string, taskId: string, assignee: string, reason?: string): Promise<CaseView> {
      const task = await openTask(caseId, taskId);
      const person = await getUser(db, assignee);
      if (!person || !person.active || !person.teams.includes(task.team)) throw invalid([{ field: 'assignee', message: `${assignee} is not an active member of ${task.team}` }]);
      const missing = missingCapabilities(await capabilitiesOf(db, assignee), task);
      if (missing.length > 0) throw invalid([{ field: 'assignee', message: `${assignee} lacks ${describeCapabilities(missing)}, which the task requires` }]);
      if (task.assignee === assignee) throw invalid([{ field: 'assignee', message: `task ${taskId} is assigned to ${assignee} already` }]);
      if (assignee !== actor.id) await roomFor(assignee, assignee);
      const why = `assigned by ${actor.id}${reason ? `: ${reason}` : ''}`;
      const before = await claimOf(db, caseId, taskId);
      await moveClaim(db, caseId, taskId, assignee, why, clock());
      try {
        return await route(caseId, taskId, assignee, why, actor);
      } catch (err) {
        if (before) await moveClaim(db, caseId, taskId, before.userId, 'restored', clock());
        else await dropClaim(db, caseId, taskId);
        throw err;
      }
    },

    /**
     * A person away or gone: each of their open tasks goes to the delegate, or back to its queue,
     * and with a delegate their open cases go to them too; each hand in its case's trail.
     */
    async handBack(actor: Actor, userId: string, reason: string, delegate?: string): Promise<HandedBack> {
      const hands: CaseHands = {
        routeTask: (caseId, taskId, assignee, why) => route(caseId, taskId, assignee, why, actor),
        assignCase: (caseId, assignee, why) => cases.command(caseId, assignUpdate, { assignee, reason: why }, actor),
        isStale,
      };
      return handBackWork(db, hands, userId, reason, delegate, clock);
    },
  };
}

export type WorkService = ReturnType<typeof createWorkService>;
