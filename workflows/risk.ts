/** The case's risk level: computed at each assessment, overridden by a permitted role with a reason. */
import type { RiskLevel } from '../common/phases';
import { explainDue } from '../common/working-time/explain';
import { SYSTEM, type CaseFile } from './case-file';

export interface ComputedRisk {
  score: number;
  level: RiskLevel;
  reasons: string[];
}

export function setRisk(c: CaseFile, computed: ComputedRisk, actor: string): void {
  const previous = c.s.risk?.level;
  c.s.risk = { ...computed, computedLevel: computed.level };
  c.record('risk_stratified', actor, { score: computed.score, level: computed.level, reasons: computed.reasons });
  if (previous !== computed.level) announceChange(c, previous, actor);
}

export function overrideRisk(c: CaseFile, level: RiskLevel, reason: string, actor: string): void {
  const risk = c.s.risk;
  if (!risk) return;
  const from = risk.level;
  risk.level = level;
  c.record('risk_overridden', actor, { from, to: level, reason });
  if (from !== level) announceChange(c, from, actor);
}

function announceChange(c: CaseFile, previous: RiskLevel | undefined, actor: string): void {
  const risk = c.s.risk;
  if (!risk) return;
  c.recordAndAnnounce('risk_changed', actor, { risk: { level: risk.level, previous, score: risk.score, reasons: risk.reasons } });
  rearmFollowUp(c);
}

/** A pending follow-up takes the new level's cadence, counted from when it was armed. */
function rearmFollowUp(c: CaseFile): void {
  const f = c.pendingFollowUp();
  if (!f || f.madeDueAt || !c.s.risk) return;
  const cadence = c.definition.follow_up.cadence[c.s.risk.level];
  const due = explainDue(f.armedAt, cadence, c.calendar);
  f.dueAt = due.at;
  c.record('follow_up_rescheduled', SYSTEM, { n: f.n, cadence, due: f.dueAt, explain: due.text });
  c.wakeTimers();
}
