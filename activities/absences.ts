/**
 * Absences recorded ahead: when one begins, the hourly sweep (workflows/absence-sweep.ts, started by
 * its schedule) hands the person's open work to the delegate, or back to its queue. Each absence is
 * handed back once, marked in the read model; one removed before it begins is no longer there to
 * find. The hands go to the cases through the worker's own client, each with an update id of its
 * absence, so a retried sweep sends none twice.
 */
import { Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import type { Actor } from '../common/case-types';
import { FAILURE_TYPES } from '../common/errors';
import { assignUpdate, routeTaskUpdate } from '../common/messages';
import type { Db } from '../store/db';
import { absencesToHandBack, awaitsHandBack, markHandedBack, type Absence } from '../store/people';
import { getUser } from '../store/users';
import { handBackWork, type CaseHands } from './hand-back';

const SYSTEM_ACTOR: Actor = { id: 'system', roles: [], teams: [] };
/** What a case answers to a hand it has no use for: the task is done or held already, or the case ended. */
const MOVED_ON: readonly string[] = [FAILURE_TYPES.InvalidTransition, FAILURE_TYPES.InvalidData];

function isStale(err: unknown): boolean {
  if (err instanceof WorkflowNotFoundError) return true;
  const cause = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
  return cause instanceof ApplicationFailure && MOVED_ON.includes(cause.type ?? '');
}

function handsOf(client: Client, absence: Absence): CaseHands {
  const handle = (caseId: string) => client.workflow.getHandle(caseId);
  const updateId = (...parts: string[]) => ['absence', String(absence.id), ...parts].join('/');
  return {
    routeTask: (caseId, taskId, assignee, reason) =>
      handle(caseId).executeUpdate(routeTaskUpdate, { args: [{ taskId, ...(assignee ? { assignee } : {}), reason, actor: SYSTEM_ACTOR }], updateId: updateId(caseId, taskId) }),
    assignCase: (caseId, assignee, reason) => handle(caseId).executeUpdate(assignUpdate, { args: [{ assignee, reason, actor: SYSTEM_ACTOR }], updateId: updateId(caseId) }),
    isStale,
  };
}

/** The delegate named when the absence was recorded, while they can still take the work. */
async function delegateNow(db: Db, absence: Absence): Promise<{ delegate?: string; note: string }> {
  if (!absence.delegate) return { note: '' };
  const [person, delegate] = [await getUser(db, absence.userId), await getUser(db, absence.delegate)];
  if (delegate?.active && delegate.teams.some((t) => person?.teams.includes(t))) return { delegate: delegate.id, note: '' };
  return { note: ` (${absence.delegate}, the delegate, is no longer an active member of their teams)` };
}

export function createAbsenceActivities({ db }: { db: Db }) {
  return {
    /** Hands back the work of every absence begun and not handed back yet; how many absences, tasks and cases. */
    async handBackBegunAbsences(): Promise<{ absences: number; tasks: number; cases: number }> {
      const { client } = Context.current();
      const total = { absences: 0, tasks: 0, cases: 0 };
      for (const absence of await absencesToHandBack(db, new Date())) {
        // Removed, or handed back by another sweep, since the list was read.
        if (!(await awaitsHandBack(db, absence.id))) continue;
        const { delegate, note } = await delegateNow(db, absence);
        const reason = `${absence.userId} is absent from ${absence.startsOn} until ${absence.endsOn}${note}`;
        const handed = await handBackWork(db, handsOf(client, absence), absence.userId, reason, delegate, () => new Date());
        if (!(await markHandedBack(db, absence.id, new Date()))) continue;
        total.absences++;
        total.tasks += handed.tasks;
        total.cases += handed.cases;
      }
      return total;
    },
  };
}
