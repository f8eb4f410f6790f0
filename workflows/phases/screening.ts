import type { ScreenInput } from '../../common/messages';
import { screenUpdate } from '../../common/messages';
import { screen } from '../../definitions/expressions';
import { SYSTEM, type CaseFile } from '../case-file';
import { nextCommand } from '../rest';

/**
 * Screening: the definition's rules decide where one applies; otherwise a case manager does.
 * Returns whether the case was accepted.
 */
export async function screening(c: CaseFile): Promise<boolean> {
  c.enter('screening');
  const auto = screen(c.definition, c.input.intake);
  const decision = auto
    ? { decision: auto.decision, reason: auto.reason, by: SYSTEM, rule: auto.rule }
    : await decidedByPerson(c);
  c.s.screening = decision;
  c.record('screening_decided', decision.by, { decision: decision.decision, reason: decision.reason, rule: decision.rule });
  if (decision.decision === 'reject') c.close('screened_out', decision.reason, decision.by);
  return decision.decision === 'accept';
}

async function decidedByPerson(c: CaseFile) {
  const command = await nextCommand<ScreenInput>(c, screenUpdate.name);
  return { decision: command.decision, reason: command.reason, by: command.actor.id, rule: undefined };
}
