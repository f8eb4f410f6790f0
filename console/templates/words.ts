/** Names of the engine's values as people read them. */
import type { Phase } from '../../common/phases';

/** `follow_up` → `Follow up`, `hr-grievance` → `Hr grievance`. */
export function humanize(name: string): string {
  const words = name.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const PHASE_NAMES: Record<Phase, string> = {
  screening: 'Screening',
  assessment: 'Assessment',
  planning: 'Planning',
  approval: 'Approval',
  implementation: 'Implementation',
  follow_up: 'Follow-up',
  transition: 'Transition',
  contact: 'Post-transition contact',
  evaluation: 'Evaluation',
  closed: 'Closed',
};

export const phaseName = (phase: Phase) => PHASE_NAMES[phase] ?? humanize(phase);
export const statusName = (status: string) => ({ open: 'Open', on_hold: 'On hold', closed: 'Closed' })[status] ?? humanize(status);
export const riskName = (risk: string | undefined) => (risk ? humanize(risk) : 'Not assessed');
