/** The case type the fault run drives: the quick fixture with e-mails to the client on opening and closing. */
import { quickCase } from '../test/fixtures/definitions';
import type { DefinitionInput } from '../common/definition-schema';

export const chaosCase: DefinitionInput = {
  ...quickCase,
  key: 'chaos-case',
  name: 'Case under faults',
  screening: { rules: [] },
  follow_up: { cadence: { low: 'P30D', moderate: 'P30D', high: 'P30D' }, window: 'P7D' },
  contact: { enabled: true, delay: 'PT1S' },
  deadlines: {},
  notifications: [
    { on: 'case_opened', to: [{ field: 'client_email' }], subject: 'Your case {{case.id}} is open', body: 'Dear {{intake.client_name}}, we opened {{case.id}}.' },
    { on: 'case_closed', to: [{ field: 'client_email' }], subject: 'Your case {{case.id}} is closed', body: 'Dear {{intake.client_name}}, {{case.id}} is closed.' },
  ],
};

/** Each step of a case's life, with the state it leads to. */
export const STEPS = [
  { path: 'screening', body: { decision: 'accept', reason: 'In scope' }, phase: 'assessment' },
  { path: 'assessment', body: { data: { severity: 1, housing_risk: false } }, phase: 'planning' },
  { path: 'plan', body: {}, phase: 'implementation' },
  { path: 'follow-ups', body: { outcome: 'on_track', note: 'Steady' }, phase: 'implementation' },
  { path: 'follow-ups', body: { outcome: 'goals_met' }, phase: 'transition' },
  { path: 'transition', body: { data: { destination: 'Community support' } }, phase: 'transition' },
  { path: 'contact', body: { data: { doing_well: true } }, phase: 'evaluation', waitFor: 'contact' },
  { path: 'evaluation', body: { data: { satisfaction: 4, cost: 300 } }, phase: 'closed' },
] as const;

/** Trail entries a completed case has exactly this many times. */
export const EXPECTED_ONCE = ['case_opened', 'screening_decided', 'assessment_recorded', 'risk_stratified', 'plan_made', 'transition_recorded', 'contact_due', 'contact_recorded', 'evaluation_recorded', 'case_closed', 'report_produced'];
export const EXPECTED_FOLLOW_UPS = 2;
export const EMAILS_PER_CASE = 2;
