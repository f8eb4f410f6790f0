/**
 * Moving running cases to a newer version of their definition. A dry run says, case by case,
 * whether each can move and what would change; a move is a job, kept in the read model with a
 * result per case, that sends each case the move as a command (so it happens inside the case's
 * workflow, ordered with its other commands) after checking the case again; a case that cannot
 * move stays as it is, with the reason. A job cut short (the API stopped) is resumed on request.
 */
import type { Actor } from '../common/case-types';
import type { CaseView } from '../common/case-view';
import { moveVersionUpdate } from '../common/messages';
import { versionMove, type VersionMove } from '../definitions/version-move';
import { getCaseView } from '../store/cases';
import type { Db } from '../store/db';
import { getDefinitionVersion } from '../store/definitions';
import { createMoveJob, getMoveJob, runningCasesOf, setMoveResult, type MoveJob } from '../store/version-moves';
import type { CaseService } from './case-service';
import { toHttpError } from './error-handler';
import { HttpError, invalid, notFound } from './problem';

export interface MoveRequest {
  from: number;
  to?: number;
  reason: string;
  /** The cases to move; every running case of `from` that can move when absent. */
  cases?: string[];
}

export function createVersionMover({ db, cases, log }: { db: Db; cases: CaseService; log: (err: unknown) => void }) {
  const versions = async (key: string, from: number, to?: number) => {
    const source = await getDefinitionVersion(db, key, from);
    if (!source) throw invalid([{ field: 'from', message: `'${key}' has no version ${from}` }]);
    const target = await getDefinitionVersion(db, key, to);
    if (!target) throw invalid([{ field: 'to', message: `'${key}' has no version ${to}` }]);
    if (target.version <= from) throw invalid([{ field: 'to', message: `a case moves only to a newer version than ${from}` }]);
    return { source, target };
  };

  async function dryRun(key: string, from: number, to?: number): Promise<{ from: number; to: number; items: VersionMove[] }> {
    const { target } = await versions(key, from, to);
    const items: VersionMove[] = [];
    for (const id of await runningCasesOf(db, key, from)) {
      const view = await getCaseView(db, id);
      if (view) items.push(versionMove(view, target.definition));
    }
    return { from, to: target.version, items };
  }

  /** Moves each pending case of the job, one after another, recording each result as it comes. */
  async function run(jobId: number): Promise<void> {
    const job = await getMoveJob(db, jobId);
    if (!job) return;
    const target = await getDefinitionVersion(db, job.definitionKey, job.toVersion);
    if (!target) return;
    for (const { caseId, status } of job.cases) {
      if (status !== 'pending') continue;
      const view: CaseView | undefined = await getCaseView(db, caseId);
      const check = view && view.definition.version === job.fromVersion ? versionMove(view, target.definition) : undefined;
      if (!check?.movable) {
        await setMoveResult(db, jobId, caseId, 'refused', { reasons: check?.reasons ?? [`the case no longer runs by version ${job.fromVersion}`] });
        continue;
      }
      try {
        await cases.command(caseId, moveVersionUpdate, { definition: { key: target.key, version: target.version, hash: target.hash }, reason: job.reason }, job.actor);
        await setMoveResult(db, jobId, caseId, 'moved', { changes: check.changes });
      } catch (err) {
        const http = toHttpError(err);
        if (!http) log(err);
        await setMoveResult(db, jobId, caseId, 'failed', { status: http?.status ?? 500, detail: http?.message ?? 'the move failed' });
      }
    }
  }

  const start = (jobId: number) => void run(jobId).catch(log);

  return {
    dryRun,
    async move(key: string, request: MoveRequest, actor: Actor): Promise<MoveJob> {
      const { target } = await versions(key, request.from, request.to);
      const running = await runningCasesOf(db, key, request.from);
      const unknown = (request.cases ?? []).filter((id) => !running.includes(id));
      if (unknown.length > 0) throw invalid([{ field: 'cases', message: `not running cases of ${key} version ${request.from}: ${unknown.join(', ')}` }]);
      const chosen = request.cases ?? running;
      const jobId = await createMoveJob(db, { definitionKey: key, fromVersion: request.from, toVersion: target.version, reason: request.reason, actor, createdAt: new Date().toISOString() }, chosen);
      start(jobId);
      return (await getMoveJob(db, jobId))!;
    },
    async job(key: string, jobId: number): Promise<MoveJob> {
      const job = await getMoveJob(db, jobId);
      if (!job || job.definitionKey !== key) throw notFound('the job');
      return job;
    },
    async resume(key: string, jobId: number): Promise<MoveJob> {
      const job = await getMoveJob(db, jobId);
      if (!job || job.definitionKey !== key) throw notFound('the job');
      if (!job.cases.some((c) => c.status === 'pending')) throw new HttpError(409, 'Invalid Transition', 'the job has no case left to move');
      start(jobId);
      return job;
    },
  };
}

export type VersionMover = ReturnType<typeof createVersionMover>;
