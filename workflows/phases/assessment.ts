import type { FormInput } from '../../common/messages';
import { assessUpdate } from '../../common/messages';
import type { Phase } from '../../common/phases';
import { stratify } from '../../definitions/expressions';
import type { CaseFile } from '../case-file';
import { setRisk } from '../risk';
import { ruleEvaluation } from '../rule-evaluation';
import { nextCommand } from '../waiting';

/** Assessment and risk stratification: the form's data gives a score, a level and its reasons. */
export async function assessment(c: CaseFile): Promise<Phase> {
  const { data, actor } = await nextCommand<FormInput>(c, assessUpdate);
  c.record('assessment_recorded', actor.id, { data });
  const { score, level, reasons } = stratify(c.definition, data, c.input.intake, ruleEvaluation());
  setRisk(c, { score, level, reasons }, actor.id);
  return 'planning';
}
