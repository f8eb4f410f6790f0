/**
 * Makes a case's changes visible outside the workflow: its trail entries and read-model row go to
 * the database through a local activity (one round trip, inside the same workflow task), and its
 * search attributes are upserted for operators in the Temporal web UI, only when they change.
 */
import { proxyLocalActivities, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { Activities } from '../activities';
import * as sa from '../common/search-attributes';
import type { CaseFile } from './case-file';
import { startDeliveries } from './notify';
import { nowMs } from './clock';

const { recordCase } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10s',
  // A database that is down only delays the case: its changes stay in the workflow until written.
  retry: { initialInterval: '100ms', backoffCoefficient: 2, maximumInterval: '10s' },
});

const published = new WeakMap<CaseFile, { revision: number; attributes: Record<string, string> }>();

export async function publish(c: CaseFile): Promise<void> {
  const last = published.get(c) ?? { revision: -1, attributes: attributesAtStart() };
  published.set(c, last);
  upsertChangedAttributes(c, last.attributes);
  const events = c.takeUnrecorded();
  const revision = c.s.revision;
  if (events.length === 0 && revision <= last.revision) return;
  last.revision = Math.max(last.revision, revision);
  await recordCase({ row: c.row(), events, writtenAt: nowMs() });
  // Only once the entries that caused them are on record do notifications go out.
  if (c.announcements.length > 0) startDeliveries(c, () => publish(c));
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
