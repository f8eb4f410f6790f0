/**
 * Reopening a closed case: whether the definition lets this person reopen it now, and the state its
 * new run starts from. The state is made from the case's view in the read model, never from the
 * closed run, whose history the namespace's retention may already have removed.
 */
import type { Actor, CaseState } from './case-types';
import type { CaseView } from './case-view';
import type { Definition } from './definition-schema';
import { durationMs } from './duration';

/** Why a case may not be reopened: a transition that does not fit (409), or a role that may not (403). */
export interface ReopenRefusal {
  type: 'InvalidTransition' | 'Forbidden';
  message: string;
}

/** Why `actor` may not reopen the case at `now`, or undefined when they may. */
export function reopenRefusal(view: Pick<CaseView, 'status' | 'closure' | 'closedAt' | 'purged'>, definition: Definition, actor: Pick<Actor, 'roles'>, now: Date): ReopenRefusal | undefined {
  const rule = definition.reopen;
  if (view.status !== 'closed' || !view.closure || !view.closedAt) return { type: 'InvalidTransition', message: 'the case is not closed; only a closed case is reopened' };
  // A destroyed case has nothing left to resume with: its data went with the purge.
  if (view.purged) return { type: 'InvalidTransition', message: `the case was destroyed on ${view.purged.at}; it is not reopened` };
  if (!rule) return { type: 'InvalidTransition', message: 'the definition this case runs by does not let its cases be reopened (it has no reopen key)' };
  if (!actor.roles.some((r) => r === 'admin' || rule.roles.includes(r))) return { type: 'Forbidden', message: `only ${rule.roles.join(' or ')} may reopen this kind of case` };
  if (!rule.closures.includes(view.closure)) return { type: 'InvalidTransition', message: `a case that closed as ${view.closure} is not reopened; the definition reopens ${rule.closures.join(', ')} cases` };
  const until = Date.parse(view.closedAt) + durationMs(rule.within);
  if (now.getTime() > until) return { type: 'InvalidTransition', message: `the case may be reopened until ${new Date(until).toISOString()} (${rule.within} after it closed); that time has passed` };
  return undefined;
}

/**
 * The state a reopened case's run starts from: closed, as the view has it, with its trail position,
 * revision, risk, loops and open tasks; the run then records the reopening and enters the phase.
 * Its id counter starts at its trail's length, past every id it handed out (each went with an entry).
 */
export function reopenedState(view: CaseView): CaseState {
  const risk = view.risk && { score: view.risk.score, level: view.risk.level, computedLevel: view.risk.computedLevel, reasons: view.risk.reasons };
  return {
    phase: 'closed',
    status: 'closed',
    closure: view.closure,
    closedAt: view.closedAt,
    assignee: view.assignee,
    openedAt: view.openedAt,
    ...(risk ? { risk } : {}),
    tasks: view.tasks
      .filter((t) => t.status === 'open')
      .map(({ id, title, assignee, role, due, required, reminded }) => ({ id, title, assignee, role, due, required, reminded })),
    requiredDone: view.tasks.filter((t) => t.required && t.status === 'done').length,
    followUpsArmed: view.followUps.length,
    loops: { ...view.loops },
    breached: view.breached,
    visits: view.visits.length,
    trail: { seq: view.trailLength + 1 },
    revision: view.revision,
    ids: view.trailLength,
  };
}
