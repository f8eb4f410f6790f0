/**
 * The state a run carries into the next by continue-as-new. Runs begun before the workflow kept
 * only what its decisions need carry everything their case knew; the next run keeps what it needs
 * of it, and decides as that run would have.
 */
import type { CaseState, LegacySnapshot } from '../common/case-types';

const isLegacy = (carried: CaseState | LegacySnapshot): carried is LegacySnapshot => 'notes' in carried;

export function carriedState(carried: CaseState | LegacySnapshot): CaseState {
  return isLegacy(carried) ? stateFromLegacy(carried) : carried;
}

/** What a run begun before carried: open tasks, the pending follow-up and the running deadline are in its lists. */
export function stateFromLegacy(old: LegacySnapshot): CaseState {
  const f = old.followUps.find((x) => !x.recordedAt && !x.cancelled);
  const d = old.deadlines[old.deadlines.length - 1];
  const running = d && d.phase === old.phase && !d.endedAt ? d : undefined;
  return {
    phase: old.phase,
    status: old.status,
    closure: old.closure,
    assignee: old.assignee,
    openedAt: old.openedAt,
    closedAt: old.closedAt,
    risk: old.risk && { score: old.risk.score, level: old.risk.level, computedLevel: old.risk.computedLevel, reasons: old.risk.reasons },
    tasks: old.tasks
      .filter((t) => t.status === 'open')
      .map(({ id, title, assignee, role, due, required, reminded }) => ({ id, title, assignee, role, due, required, reminded })),
    requiredDone: old.tasks.filter((t) => t.required && t.status === 'done').length,
    followUp: f && { n: f.n, armedAt: f.armedAt, dueAt: f.dueAt, madeDueAt: f.madeDueAt, escalated: f.escalated },
    followUpsArmed: old.followUps.length,
    deadline: running && {
      phase: running.phase,
      startedAt: running.startedAt,
      dueAt: running.dueAt,
      remindAt: running.remindAt,
      reminded: running.reminded,
      breached: running.breached,
    },
    contactDueAt: old.contactDueAt,
    contactDue: old.contactDue,
    loops: old.loops,
    hold: old.hold,
    breached: old.breached,
    visits: old.visits.length,
    trail: old.trail,
    revision: old.revision,
    ids: old.ids,
  };
}
