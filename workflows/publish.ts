/**
 * Makes a case's changes visible outside the workflow: its trail entries and read-model row go to
 * the database, and its search attributes are upserted for operators in the Temporal web UI, only
 * when they change.
 *
 * A change someone is waiting for (a command's answer) is written by a local activity: one round
 * trip inside the same workflow task, so the answer comes fast and the read model already holds
 * it. A change the case made on its own (a timer fired, a notification went out) is written by a
 * regular activity, so that its workflow task ends at once: a task kept open by a local activity
 * can take in a command that arrives meanwhile, and such a task does not replay in the same order.
 * For the same reason writes go one at a time.
 */
import { patched, proxyActivities, proxyLocalActivities, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { Activities } from '../activities';
import type { CaseRecord } from '../common/case-types';
import * as sa from '../common/search-attributes';
import type { CaseFile } from './case-file';
import { startDeliveries } from './notify';
import { nowMs } from './clock';
import { SERIAL_RECORDING_PATCH } from './patches';

const { recordCase } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10s',
  // A database that is down only delays the case: its changes stay in the workflow until written.
  retry: { initialInterval: '100ms', backoffCoefficient: 2, maximumInterval: '10s' },
});

const { recordCase: recordCaseInBackground } = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '30s' },
});

export type PublishMode = 'answer' | 'background';

export function publish(c: CaseFile, mode?: PublishMode): Promise<void> {
  if (!patched(SERIAL_RECORDING_PATCH)) return publishNow(c, 'answer');
  const next = c.writes.then(() => publishNow(c, mode ?? (c.answering > 0 ? 'answer' : 'background')));
  c.writes = next.catch(() => undefined);
  return next;
}

async function publishNow(c: CaseFile, mode: PublishMode): Promise<void> {
  const last = (c.published ??= { revision: -1, attributes: attributesAtStart() });
  upsertChangedAttributes(c, last.attributes);
  const events = c.takeUnrecorded();
  const revision = c.s.revision;
  if (events.length === 0 && revision <= last.revision) return;
  last.revision = Math.max(last.revision, revision);
  // The change's entries and the case's row: the read model folds the case's view from the entries.
  const record: CaseRecord = { row: c.row(), events, writtenAt: nowMs(), ...(c.input.origin ? { origin: c.input.origin } : {}) };
  await (mode === 'answer' ? recordCase(record) : recordCaseInBackground(record));
  // Only once the entries that caused them are on record do notifications go out.
  if (c.announcements.length > 0) startDeliveries(c, () => publish(c, 'background'));
}

/** What the client set when it started the case (or the previous run carried over). */
function attributesAtStart(): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const key of sa.CASE_SEARCH_ATTRIBUTES) {
    const value = workflowInfo().typedSearchAttributes.get(key);
    if (value !== undefined) attributes[key.name] = value instanceof Date ? value.toISOString() : String(value);
  }
  return attributes;
}

function upsertChangedAttributes(c: CaseFile, current: Record<string, string>): void {
  const row = c.row();
  const keywords = [
    [sa.CaseType, row.definitionKey],
    [sa.CasePhase, row.phase],
    [sa.CaseStatus, row.status],
    [sa.CaseRisk, row.riskLevel],
    [sa.CaseAssignee, row.assignee],
    [sa.CaseTeam, row.team],
  ] as const;
  const changes: SearchAttributeUpdatePair[] = [];
  const changed = (name: string, value: string | undefined): boolean => {
    if (current[name] === value) return false;
    if (value === undefined) delete current[name];
    else current[name] = value;
    return true;
  };
  for (const [key, value] of keywords) {
    if (changed(key.name, value)) changes.push({ key, value: value ?? null });
  }
  if (changed(sa.CaseDueAt.name, row.dueAt)) {
    changes.push({ key: sa.CaseDueAt, value: row.dueAt ? new Date(row.dueAt) : null });
  }
  if (changes.length > 0) upsertSearchAttributes(changes);
}
