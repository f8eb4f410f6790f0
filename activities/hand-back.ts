/**
 * Handing back a person's open work: each open task to the delegate or back to its queue, and with
 * a delegate their open cases too. Each hand is a command to its case, which records it in its
 * trail with the reason; the task claims in the read model follow. The API hands back when a
 * person is deactivated or given an absence that has begun; the absence sweep when one recorded
 * ahead begins (absences.ts).
 */
import type { Db } from '../store/db';
import { dropClaim, moveClaim, openTasksOf } from '../store/work-queue';

/** How the hands reach the cases: the API sends its commands, the sweep its own. */
export interface CaseHands {
  /** Gives the task to `assignee`, or back to its queue without one. */
  routeTask(caseId: string, taskId: string, assignee: string | undefined, reason: string): Promise<unknown>;
  assignCase(caseId: string, assignee: string, reason: string): Promise<unknown>;
  /** The case has moved on (the task is done or held already, the case closed): nothing to hand back there. */
  isStale(err: unknown): boolean;
}

export interface HandedBack {
  tasks: number;
  cases: number;
}

export async function handBackWork(db: Db, hands: CaseHands, userId: string, reason: string, delegate: string | undefined, now: () => Date): Promise<HandedBack> {
  let tasks = 0;
  let cases = 0;
  for (const { caseId, taskId } of await openTasksOf(db, userId)) {
    try {
      if (delegate) await moveClaim(db, caseId, taskId, delegate, reason, now());
      await hands.routeTask(caseId, taskId, delegate, `${reason}; ${delegate ? `handed to ${delegate}` : 'back to the queue'}`);
      if (!delegate) await dropClaim(db, caseId, taskId);
      tasks++;
    } catch (err) {
      if (!hands.isStale(err)) throw err;
    }
  }
  if (delegate) {
    const owned: Array<{ id: string }> = await db('cases').where({ assignee: userId }).whereNot('status', 'closed').select('id');
    for (const { id } of owned) {
      try {
        await hands.assignCase(id, delegate, `${reason}; handed to ${delegate}`);
        cases++;
      } catch (err) {
        if (!hands.isStale(err)) throw err;
      }
    }
  }
  return { tasks, cases };
}
