/** The phases a case moves through, in the order the process names them. */
export const PHASES = [
  'screening',
  'assessment',
  'planning',
  'approval',
  'implementation',
  'follow_up',
  'transition',
  'contact',
  'evaluation',
  'closed',
] as const;
export type Phase = (typeof PHASES)[number];

/** Phases that can carry a deadline: every phase in which the case waits for people. */
export const DEADLINE_PHASES = PHASES.filter((p) => p !== 'closed');

export const RISK_LEVELS = ['low', 'moderate', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const CASE_STATUSES = ['open', 'on_hold', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_MODELS = ['brokerage', 'intensive', 'clinical', 'strengths-based'] as const;
export type CaseModel = (typeof CASE_MODELS)[number];

export const ROLES = ['admin', 'designer', 'supervisor', 'case_manager', 'caseworker', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const FOLLOW_UP_OUTCOMES = ['on_track', 'replan', 'reassess', 'goals_met'] as const;
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[number];

/** How a closed case ended. */
export const CLOSURE_REASONS = ['screened_out', 'completed', 'withdrawn'] as const;
export type Closure = (typeof CLOSURE_REASONS)[number];
