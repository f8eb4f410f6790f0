/**
 * Which open cases lack a patch's marker, asked of Temporal's visibility. The SDK records the ids of
 * the patches a run has met in the `TemporalChangeVersion` search attribute, so a case without an id
 * there either ran the old branch or has not reached the patched code yet; either way its history
 * may still need the old branch, which stays until no open case lacks the marker.
 */
import type { Client } from '@temporalio/client';
import { CASE_PATCHES, type CasePatch } from '../workflows/patches';

const CASE_WORKFLOW_TYPE = 'caseWorkflow';
/** How many of the cases lacking a marker the report names. */
const SAMPLE = 10;

export interface PatchStanding {
  patch: CasePatch;
  /** Open cases without the marker. */
  lacking: number;
  /** Some of them, by workflow id. */
  sample: string[];
}

export class UnknownPatchError extends Error {
  override name = 'UnknownPatchError';
}

export function patchesNamed(ids: string[]): CasePatch[] {
  if (ids.length === 0) return [...CASE_PATCHES];
  return ids.map((id) => {
    const patch = CASE_PATCHES.find((p) => p.id === id);
    if (!patch) throw new UnknownPatchError(`no patch is named '${id}'; the patches are ${CASE_PATCHES.map((p) => p.id).join(', ')}`);
    return patch;
  });
}

/** A string in a visibility query; patch ids and task queue names never hold quotes, so one is refused. */
function literal(value: string): string {
  if (/['"\\]/.test(value)) throw new Error(`'${value}' cannot be named in a visibility query: it holds a quote or backslash`);
  return `'${value}'`;
}

/** The deployment's open cases (on its task queue: a namespace may hold others) without the marker. */
export const lackingQuery = (patchId: string, taskQueue: string): string =>
  `WorkflowType = ${literal(CASE_WORKFLOW_TYPE)} AND TaskQueue = ${literal(taskQueue)} AND ExecutionStatus = 'Running' AND (TemporalChangeVersion IS NULL OR TemporalChangeVersion NOT IN (${literal(patchId)}))`;

export async function patchStanding(client: Client, patch: CasePatch, taskQueue: string): Promise<PatchStanding> {
  const query = lackingQuery(patch.id, taskQueue);
  const { count } = await client.workflow.count(query);
  const sample: string[] = [];
  if (count > 0) {
    for await (const execution of client.workflow.list({ query, pageSize: SAMPLE })) {
      sample.push(execution.workflowId);
      if (sample.length === SAMPLE) break;
    }
  }
  return { patch, lacking: count, sample };
}

export function describeStanding({ patch, lacking, sample }: PatchStanding): string {
  if (lacking === 0) return `${patch.id}: every open case has the marker; the old branch (${patch.oldBranch}) may be removed`;
  const more = lacking > sample.length ? `, and ${lacking - sample.length} more` : '';
  return `${patch.id}: ${lacking} open case${lacking === 1 ? '' : 's'} lack${lacking === 1 ? 's' : ''} the marker, so the old branch (${patch.oldBranch}) stays: ${sample.join(', ')}${more}`;
}
