/**
 * Whether a running case can move to a newer version of its definition, and what would change: the
 * one statement of the rules, asked by the dry run, by the job before each move, and by the case.
 * A case moves when its phase exists and is on in the new version, its recorded data fits the new
 * forms and its open tasks keep a role the new version knows; its running deadline and pending
 * follow-up are counted again by the new version's rules.
 */
import type { CaseView } from '../common/case-view';
import type { Definition } from '../common/definition-schema';
import { durationMs, isDuration } from '../common/duration';
import { validateForm } from './forms';
import type { Phase } from '../common/phases';

export interface VersionMove {
  caseId: string;
  movable: boolean;
  /** Why it cannot move; empty when it can. */
  reasons: string[];
  /** What would change: due times counted again by the new rules. */
  changes: { deadline?: { from: string; to: string }; followUp?: { n: number; from: string; to: string } };
}

const iso = (ms: number) => new Date(ms).toISOString();

function phaseOn(phase: Phase, d: Definition): boolean {
  if (phase === 'transition') return d.transition.enabled;
  if (phase === 'contact') return d.contact.enabled;
  if (phase === 'approval') return Object.values(d.planning).some((t) => t.approval);
  return true;
}

/** The deadline of `phase` counted from `startedAt` by `d`, or null where `d` sets none. */
export function deadlineBy(d: Definition, phase: Phase, startedAt: string): { dueAt: string; remindAt?: string } | null {
  const rule = phase === 'closed' ? undefined : d.deadlines[phase];
  if (!rule || !isDuration(rule.within)) return null;
  const due = Date.parse(startedAt) + durationMs(rule.within);
  return { dueAt: iso(due), ...(rule.remind_before && isDuration(rule.remind_before) ? { remindAt: iso(due - durationMs(rule.remind_before)) } : {}) };
}

/** The pending follow-up's due time counted from when it was armed by `d`'s cadence for the level. */
export function followUpDueBy(d: Definition, level: keyof Definition['follow_up']['cadence'], armedAt: string): string | undefined {
  const cadence = d.follow_up.cadence[level];
  return isDuration(cadence) ? iso(Date.parse(armedAt) + durationMs(cadence)) : undefined;
}

export function versionMove(view: CaseView, to: Definition): VersionMove {
  const reasons: string[] = [];
  if (view.status === 'closed') reasons.push('the case is closed');
  if (!phaseOn(view.phase, to)) reasons.push(`the ${view.phase} phase is off in the new version`);
  for (const e of validateForm(to.forms.intake, view.intake)) reasons.push(`intake.${e.field}: ${e.message}`);
  if (view.assessment) for (const e of validateForm(to.forms.assessment, view.assessment)) reasons.push(`assessment.${e.field}: ${e.message}`);
  for (const [form, data] of Object.entries(view.forms)) {
    if (data) for (const e of validateForm(to.forms[form as keyof Definition['forms']], data)) reasons.push(`${form}.${e.field}: ${e.message}`);
  }
  const changes: VersionMove['changes'] = {};
  const running = view.deadlines[view.deadlines.length - 1];
  if (running && !running.endedAt) {
    const next = deadlineBy(to, running.phase, running.startedAt);
    // A phase the new version sets no deadline for keeps the one it has.
    if (next && next.dueAt !== running.dueAt) changes.deadline = { from: running.dueAt, to: next.dueAt };
  }
  const pending = view.followUps.find((f) => !f.recordedAt && !f.cancelled && !f.madeDueAt);
  if (pending && view.risk) {
    const next = followUpDueBy(to, view.risk.level, pending.armedAt);
    if (next && next !== pending.dueAt) changes.followUp = { n: pending.n, from: pending.dueAt, to: next };
  }
  return { caseId: view.id, movable: reasons.length === 0, reasons, changes };
}
