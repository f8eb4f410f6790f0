/**
 * Which of claim, release and assign a person is offered on each task row of a case's page: only
 * those the API's work service would carry out for them (console/routes/get-next.ts posts them
 * there), judged by the same rules: the permission table, the case's fit for routing the task, the
 * capabilities the task requires, and the limit of open tasks of whoever would take it.
 */
import type { CaseView, Task } from '../common/case-view';
import { commandRefusal } from '../common/command-fit';
import { meetsNeeds } from '../common/capabilities';
import type { Db } from '../store/db';
import { routingFacts } from '../store/people';
import { listUsers } from '../store/users';
import { openTaskCount } from '../store/work-queue';
import type { Viewer } from './context';
import { taskRoutingPath } from './paths';

export interface TaskOffer {
  claim: boolean;
  release: boolean;
  /** Whom the person may assign the task to; empty when they may not assign it. */
  assignees: Array<{ value: string; label: string }>;
}

/** The offers of each open task, by task id; a task with none is left out. */
export async function taskRoutingOffers(db: Db, viewer: Viewer, view: CaseView, mayPost: (path: string) => boolean): Promise<Map<string, TaskOffer>> {
  const offers = new Map<string, TaskOffer>();
  const open = view.tasks.filter((t) => t.status === 'open');
  if (open.length === 0) return offers;
  const me = viewer.user;
  const supervises = me.roles.some((r) => r === 'admin' || r === 'supervisor');
  // A supervisor assigns to anyone active in the case's team, anyone else only to themselves.
  const people = (supervises ? await listUsers(db) : [me]).filter((u) => u.active && u.teams.includes(view.team));
  const facts = await routingFacts(db, people.map((p) => p.id));
  const room = new Map<string, boolean>();
  const hasRoom = async (id: string) => {
    if (!room.has(id)) {
      const limit = facts.get(id)?.maxOpenTasks;
      room.set(id, limit === undefined || (await openTaskCount(db, id)) < limit);
    }
    return room.get(id)!;
  };
  const fits = (t: Task, assignee?: string) => commandRefusal(view, 'routeTask', { taskId: t.id, assignee }) === undefined;
  const capable = (id: string, t: Task) => meetsNeeds(facts.get(id)?.capabilities ?? [], t);

  for (const t of open) {
    const claim = !t.assignee && fits(t, me.id) && mayPost(taskRoutingPath(view.id, t.id, 'claim')) && capable(me.id, t) && (await hasRoom(me.id));
    const release = !!t.assignee && (t.assignee === me.id || supervises) && fits(t) && mayPost(taskRoutingPath(view.id, t.id, 'release'));
    const assignees: TaskOffer['assignees'] = [];
    // Taking an unassigned task for oneself is a claim; assigning is for giving it, or taking it over.
    if (mayPost(taskRoutingPath(view.id, t.id, 'assign')) && (supervises || t.assignee)) {
      for (const p of people) {
        if (p.id === t.assignee || !fits(t, p.id) || !capable(p.id, t)) continue;
        if (p.id !== me.id && !(await hasRoom(p.id))) continue;
        assignees.push({ value: p.id, label: p.id === me.id ? `Me (${p.name})` : p.name });
      }
    }
    if (claim || release || assignees.length > 0) offers.set(t.id, { claim, release, assignees });
  }
  return offers;
}
