/**
 * Moving a running case to a newer version of its definition, inside its workflow, so the move is
 * durable and ordered with the case's commands: the case loads the version, takes it as its own
 * (the reference it continues as new with too), counts its running deadline and pending follow-up
 * again by the new rules, and records both versions in its trail.
 */
import { proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { DefinitionRef } from '../common/definition-schema';
import { FAILURE_TYPES } from '../common/errors';
import { deadlineBy, followUpDueBy } from '../definitions/version-move';
import type { CaseFile } from './case-file';

const { loadDefinition } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '100ms', backoffCoefficient: 2, maximumInterval: '10s', nonRetryableErrorTypes: [FAILURE_TYPES.DefinitionUnavailable] },
});

export async function moveVersion(c: CaseFile, ref: DefinitionRef, reason: string, actor: string): Promise<void> {
  const definition = await loadDefinition(ref);
  const from = c.input.definition.version;
  c.input.definition = { key: ref.key, version: ref.version, hash: ref.hash };
  c.useDefinition(definition);
  const d = c.s.deadline;
  const deadline = d ? deadlineBy(definition, d.phase, d.startedAt) : null;
  if (d && deadline && deadline.dueAt !== d.dueAt) c.s.deadline = { ...d, dueAt: deadline.dueAt, remindAt: deadline.remindAt, reminded: false };
  const f = c.s.followUp;
  const level = c.s.risk?.level;
  const followUpDue = f && level && !f.madeDueAt ? followUpDueBy(definition, level, f.armedAt) : undefined;
  if (f && followUpDue && followUpDue !== f.dueAt) c.s.followUp = { ...f, dueAt: followUpDue };
  c.record('version_moved', actor, {
    from,
    to: ref.version,
    reason,
    ...(d && deadline && deadline.dueAt !== d.dueAt ? { deadline } : {}),
    ...(f && followUpDue && followUpDue !== f.dueAt ? { followUp: { n: f.n, dueAt: followUpDue } } : {}),
  });
  c.wakeTimers();
}
