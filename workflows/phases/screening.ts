import type { ScreenInput } from '../../common/messages';
import { screenUpdate } from '../../common/messages';
import type { Phase } from '../../common/phases';
import { screen } from '../../definitions/expressions';
import { SYSTEM, type CaseFile } from '../case-file';
import { ruleEvaluation } from '../rule-evaluation';
import { nextCommand } from '../waiting';

/** Screening: the definition's rules decide where one applies; otherwise a case manager does. */
export async function screening(c: CaseFile): Promise<Phase> {
  const problems: string[] = [];
  const auto = screen(c.definition, c.input.intake, (p) => problems.push(p), ruleEvaluation());
  const decision = auto
    ? { decision: auto.decision, reason: auto.reason, by: SYSTEM, rule: auto.rule }
    : await decidedByPerson(c);
  c.record('screening_decided', decision.by, { decision: decision.decision, reason: decision.reason, rule: decision.rule, problems });
  if (decision.decision === 'accept') return 'assessment';
  c.close('screened_out', decision.reason, decision.by);
  return 'closed';
}

async function decidedByPerson(c: CaseFile) {
  const command = await nextCommand<ScreenInput>(c, screenUpdate);
  return { decision: command.decision, reason: command.reason, by: command.actor.id, rule: undefined };
}
