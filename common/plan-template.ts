/** The plan a case starts from: its definition's template for the case's risk level. */
import type { Definition, PlanTemplate } from './definition-schema';
import type { ProposedPlan } from './case-view';
import type { RiskLevel } from './phases';

/** A case not yet assessed plans as the most careful level does. */
export function planTemplateFor(definition: Definition, level: RiskLevel | undefined): PlanTemplate {
  return definition.planning[level ?? 'high'];
}

export function proposedPlan(template: PlanTemplate): ProposedPlan {
  return { goals: [...template.goals], tasks: template.tasks.map((task) => ({ ...task })), approvalRequired: template.approval };
}
