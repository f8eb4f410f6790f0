/**
 * Finds cases whose read model is behind their workflow (a read model restored from a backup older
 * than Temporal's state) and brings them up to date from the workflow's own history.
 *
 * The trail and the row are written by the `recordCase` activity with what the workflow hands it;
 * history keeps the workflow's inputs, so replaying a case's runs makes every recording again, in
 * order (workflows/record-capture.ts hands each to this check). The workflow's last recording says
 * where the case stands (its revision and trail position); when the read model holds less, the
 * recordings are written again by the store's own idempotent write, which keeps what is on record
 * and adds what is missing. No case is queried: a replay needs no worker and cannot disturb one.
 *
 * Where the runs that made the missing entries are gone from Temporal (past the namespace's
 * retention), the case is named with what is missing, and docs/operations.md gives the step.
 */
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { Worker, type InjectedSinks, type WorkflowBundleOption } from '@temporalio/worker';
import type { LegacyCaseRecord } from '../common/case-types';
import type { Db } from '../store/db';
import { keepCaseNumberTaken, saveCaseRecord } from '../store/cases';
import { closeGap, latestCaseUpdate, openCaseIds, readModelPosition, saveGap, type ReadModelGap } from '../store/read-model-gaps';
import type { RecordCaptureSinks } from '../workflows/record-capture';

/** The module to bundle with the workflows for the check (`workflowInterceptorModules`). */
export const RECORD_CAPTURE_MODULE = require.resolve('../workflows/record-capture');

const CASE_WORKFLOW = 'caseWorkflow';
/** Workflows that closed a little before the read model's last write are checked too: clocks differ. */
const CLOSED_MARGIN_MS = 10 * 60_000;

export interface CheckLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface ReadModelCheckOptions {
  client: Client;
  db: Db;
  taskQueue: string;
  /** The workflow code with RECORD_CAPTURE_MODULE among its interceptor modules, or how to make it when a case is to be replayed. */
  workflowBundle: WorkflowBundleOption | (() => Promise<WorkflowBundleOption>);
  log: CheckLog;
  /** False only reports; by default each case behind is brought up to date. */
  repair?: boolean;
  /** Only these cases; by default every case that may have moved on since the read model's last write. */
  caseIds?: string[];
  clock?: () => Date;
}

export interface ReadModelCheckResult {
  checked: number;
  /** Cases whose history could not be read or replayed; each is named in a log line. */
  unchecked: number;
  gaps: ReadModelGap[];
}

export async function checkReadModel(options: ReadModelCheckOptions): Promise<ReadModelCheckResult> {
  const { db, log } = options;
  const now = () => (options.clock ?? (() => new Date()))().toISOString();
  const ids = options.caseIds ?? (await candidates(options));
  let bundle: Promise<WorkflowBundleOption> | undefined;
  const { workflowBundle } = options;
  // Made only when there is a case to replay: bundling takes seconds.
  const replayBundle = () => (bundle ??= typeof workflowBundle === 'function' ? workflowBundle() : Promise.resolve(workflowBundle));
  const gaps: ReadModelGap[] = [];
  let unchecked = 0;
  for (const caseId of ids) {
    let gap: ReadModelGap | undefined;
    try {
      gap = await checkCase({ ...options, workflowBundle: replayBundle }, caseId, now);
    } catch (err) {
      // One case whose history cannot be read or replayed does not keep the others from their check.
      unchecked++;
      log.warn({ caseId, err }, 'the case could not be checked against its workflow; run npm run read-model:check -- --case with its id');
      continue;
    }
    if (!gap) {
      await closeGap(db, caseId, now());
      continue;
    }
    gaps.push(gap);
    await saveGap(db, gap);
    const fields = { caseId, readRevision: gap.readRevision ?? null, workflowRevision: gap.workflowRevision };
    if (gap.repairedAt) log.warn(fields, 'read model was behind the case workflow; brought up to date from its history');
    else if (gap.problem) log.warn({ ...fields, problem: gap.problem }, 'read model is behind the case workflow and cannot be brought up to date from its history');
    else log.warn(fields, 'read model is behind the case workflow');
  }
  log.info({ checked: ids.length - unchecked, unchecked, behind: gaps.length, repaired: gaps.filter((g) => g.repairedAt).length }, 'read model checked against the case workflows');
  return { checked: ids.length - unchecked, unchecked, gaps };
}

/**
 * Every case that may have moved on without the read model: those it holds as open, and those
 * Temporal runs now or closed after the read model's last write (among them cases the read model
 * never heard of).
 */
async function candidates({ client, db, taskQueue }: ReadModelCheckOptions): Promise<string[]> {
  const ids = new Set(await openCaseIds(db));
  const latest = await latestCaseUpdate(db);
  const since = latest ? new Date(Date.parse(latest) - CLOSED_MARGIN_MS).toISOString() : undefined;
  const moved = since ? `(ExecutionStatus = "Running" OR CloseTime > "${since}")` : 'ExecutionStatus != "Terminated"';
  for await (const wf of client.workflow.list({ query: `WorkflowType = "${CASE_WORKFLOW}" AND TaskQueue = "${taskQueue}" AND ${moved}` })) ids.add(wf.workflowId);
  return [...ids].sort();
}

type Replaying = Omit<ReadModelCheckOptions, 'workflowBundle'> & { workflowBundle: () => Promise<WorkflowBundleOption> };

async function checkCase(options: Replaying, caseId: string, now: () => string): Promise<ReadModelGap | undefined> {
  const { client, db } = options;
  const runs: WorkflowExecutionInfo[] = [];
  for await (const wf of client.workflow.list({ query: `WorkflowId = "${caseId}"` })) if (wf.type === CASE_WORKFLOW) runs.push(wf);
  // Newest first: most cases need only their current run.
  runs.sort((a, b) => b.startTime.getTime() - a.startTime.getTime());
  if (runs.length === 0) return undefined;
  const read = await readModelPosition(db, caseId);
  const replayed: LegacyCaseRecord[][] = [];
  let workflowRevision: number | undefined;
  for (const run of runs) {
    const records = await replayRun(options, run);
    replayed.unshift(records);
    workflowRevision ??= lastRevision(records);
    if (workflowRevision === undefined) continue;
    if (read && workflowRevision <= read.revision) return undefined;
    if (covers(replayed, read?.lastSeq ?? 0)) break;
  }
  if (workflowRevision === undefined || (read && workflowRevision <= read.revision)) return undefined;
  const gap: ReadModelGap = { caseId, ...(read ? { readRevision: read.revision } : {}), workflowRevision, foundAt: now() };
  if (!covers(replayed, read?.lastSeq ?? 0)) {
    const first = firstSeq(replayed);
    return { ...gap, problem: `trail entries ${(read?.lastSeq ?? 0) + 1} to ${(first ?? 1) - 1} were made by runs no longer in Temporal's history` };
  }
  if (options.repair === false) return gap;
  // Every recording of the runs kept, oldest first: the write keeps what is on record and adds the rest.
  for (const record of replayed.flat()) await saveCaseRecord(db, record.row, record.events, record.writtenAt, record.view, record.origin);
  const last = replayed.flat().pop();
  // The restored read model would otherwise hand out this case's number again.
  if (last) await keepCaseNumberTaken(db, last.row.definitionKey, last.row.number);
  const after = await readModelPosition(db, caseId);
  if (!after || after.revision < workflowRevision) return { ...gap, problem: `written again, the read model reached revision ${after?.revision ?? 'none'} of ${workflowRevision}` };
  return { ...gap, repairedAt: now() };
}

/** Every recording one run made, in the order it made them, by replaying its history. */
async function replayRun({ client, workflowBundle }: Replaying, run: WorkflowExecutionInfo): Promise<LegacyCaseRecord[]> {
  const records: LegacyCaseRecord[] = [];
  const sinks: InjectedSinks<RecordCaptureSinks> = { recordCapture: { recorded: { fn: (_info, record) => void records.push(record), callDuringReplay: true } } };
  const history = await client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle(), sinks, replayName: 'read-model-check' }, history, run.workflowId);
  return records;
}

const lastRevision = (records: LegacyCaseRecord[]): number | undefined => (records.length > 0 ? Math.max(...records.map((r) => r.row.revision)) : undefined);

const firstSeq = (runs: LegacyCaseRecord[][]): number | undefined => {
  for (const records of runs) for (const r of records) if (r.events.length > 0) return r.events[0].seq;
  return undefined;
};

/** Whether the recordings replayed hold every entry after the read model's last one. */
const covers = (runs: LegacyCaseRecord[][], lastSeq: number): boolean => {
  const first = firstSeq(runs);
  return first === undefined || first <= lastSeq + 1;
};
