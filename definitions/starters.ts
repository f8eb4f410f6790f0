/**
 * Starter templates a designer begins a new definition from: YAML with comments that say what each
 * part does, filled in with the new key, name and team. Each passes the definition checks as it is
 * (test/unit/definitions.starters.test.ts), so a new definition begins with no problems.
 */
import YAML from 'yaml';

export interface Starter {
  id: string;
  label: string;
  text: string;
}

const BASIC = `# yaml-language-server: $schema=./case-definition.schema.json
key: new-case
name: New case
description: What this kind of case is for.
model: brokerage
team: team

forms:
  intake:
    - { name: client_name, type: string, label: Name, required: true, max: 120 }
    - { name: client_email, type: string, label: E-mail }
    - { name: eligible, type: boolean, label: Eligible for the service, required: true }
  assessment:
    - { name: severity, type: integer, label: Severity (0 to 5), required: true, min: 0, max: 5 }
  evaluation:
    - { name: satisfaction, type: integer, label: Satisfaction (1 to 5), required: true, min: 1, max: 5 }

screening:
  rules:
    - { when: '!eligible', decision: reject, reason: Not eligible for the service }

risk:
  factors:
    - { when: 'severity >= 4', points: 5, reason: Severe needs }
  levels:
    - { level: high, when: 'score >= 5' }
    - { level: moderate, when: 'score >= 2' }
    - { level: low, when: 'true' }

planning:
  low: { goals: [Stay stable], tasks: [{ title: Check in, role: caseworker, due: P14D }] }
  moderate: { goals: [Reduce risk], tasks: [{ title: Make a plan with the client, role: case_manager, due: P7D }] }
  high:
    goals: [Reduce risk quickly]
    tasks: [{ title: Visit the client, role: case_manager, due: P2D }]
    approval: true

follow_up:
  cadence: { low: P28D, moderate: P14D, high: P7D }
  window: P3D

deadlines:
  assessment: { within: P10D, remind_before: P2D, escalate_to: supervisor }
`;

/** The basic starter with the lifecycle keys: reopening, retention, the person's identifier and routing. */
const LIFECYCLE = `${BASIC}
# Who may reopen a closed case, for how long, and where it resumes.
reopen: { roles: [supervisor], within: P90D, phase: assessment }
# How long closed cases are kept, who approves their destruction, who places legal holds.
retention: { keep: P6Y, approver: supervisor, hold_roles: [supervisor] }
# The intake field that identifies the person, for subject access, correction and erasure.
personal_data: { identifier: client_email }
# How the owner and new tasks are given out, per phase.
routing:
  planning: { tasks: least_loaded }
  implementation: { owner: keep }
`;

export const STARTERS: readonly Starter[] = [
  { id: 'basic', label: 'Basic: forms, screening, risk, plans per risk level, follow-ups and a deadline', text: BASIC },
  { id: 'lifecycle', label: 'Basic with reopening, retention, personal data and routing', text: LIFECYCLE },
];

/** The starter's text with the new definition's key, name and team set, its comments kept. */
export function starterText(starter: Starter, values: { key: string; name: string; team?: string }): string {
  const doc = YAML.parseDocument(starter.text);
  doc.set('key', values.key);
  doc.set('name', values.name);
  if (values.team) doc.set('team', values.team);
  else doc.delete('team');
  return doc.toString();
}
