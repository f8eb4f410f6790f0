/**
 * Moving running cases to a newer version of their definition. A dry run says, case by case,
 * whether each can move and what would change; a move is a job, kept in the read model with a
 * result per case, that sends each case the move as a command (so it happens inside the case's
 * workflow, ordered with its other commands) after checking the case again; a case that cannot
 * move stays as it is, with the reason.
 *
 * One API process runs a job at a time: it claims the job for a lease it renews while it runs, and
 * gives it back when done or stopped. A job cut short (its process stopped or died) is resumed by
 * the API processes themselves: on start, under the start-up lock, and then whenever a claim runs
 * out; or on request.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../common/case-types';
import type { CaseView } from '../common/case-view';
import { moveVersionUpdate } from '../common/messages';
import { versionMove, type VersionMove } from '../definitions/version-move';
import { getCaseView } from '../store/cases';
import type { Db } from '../store/db';
import { getDefinitionVersion } from '../store/definitions';
import { duringStartup } from '../store/startup-lock';
import { claimMoveJob, createMoveJob, getMoveJob, moveJobClaimed, releaseMoveJob, runningCasesOf, setMoveResult, unfinishedMoveJobs, type MoveJob } from '../store/version-moves';
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

export interface VersionMoverDeps {
  db: Db;
  cases: CaseService;
  log: (err: unknown) => void;
  /** How long a claim on a job holds without renewal (30 s when not given); renewed every third of it. */
  leaseMs?: number;
  /** Names this process in the claims; a new one each time when not given. */
  runner?: string;
}

export const DEFAULT_MOVE_JOB_LEASE_MS = 30_000;
/** How long stopping waits for the moves under way to finish. */
const STOP_WAIT_MS = 10_000;

export function createVersionMover({ db, cases, log, leaseMs = DEFAULT_MOVE_JOB_LEASE_MS, runner = randomUUID() }: VersionMoverDeps) {
  const running = new Map<number, Promise<void>>();
  let stopping = false;
  const claim = (jobId: number) => claimMoveJob(db, jobId, runner, Date.now(), Date.now() + leaseMs);

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

  /** Moves each pending case of the job, one after another, recording each result as it comes; the job is claimed. */
  async function run(jobId: number): Promise<void> {
    const job = await getMoveJob(db, jobId);
    if (!job) return;
    const target = await getDefinitionVersion(db, job.definitionKey, job.toVersion);
    if (!target) return;
    for (const { caseId, status } of job.cases) {
      if (status !== 'pending') continue;
      // A claim that could not be renewed went to another process (this one stalled past the lease): it goes on from here.
      if (stopping || !(await claim(jobId))) return;
      const view: CaseView | undefined = await getCaseView(db, caseId);
      if (view?.status !== 'closed' && view?.definition.version === job.toVersion) {
        // Sent before the job was cut short (or moved meanwhile by another job), and carried out: the case's trail records the move.
        await setMoveResult(db, jobId, caseId, 'moved', { changes: {}, before: `the case ran by version ${job.toVersion} already when the job reached it` });
        continue;
      }
      const check = view && view.definition.version === job.fromVersion ? versionMove(view, target.definition) : undefined;
      if (!check?.movable) {
        await setMoveResult(db, jobId, caseId, 'refused', { reasons: check?.reasons ?? [`the case no longer runs by version ${job.fromVersion}`] });
        continue;
      }
      try {
        // One update id per job and case: sent again after a cut, within the same run, it is applied once.
        await cases.command(caseId, moveVersionUpdate, { definition: { key: target.key, version: target.version, hash: target.hash }, reason: job.reason }, job.actor, `move-${jobId}-${caseId}`);
        await setMoveResult(db, jobId, caseId, 'moved', { changes: check.changes });
      } catch (err) {
        const http = toHttpError(err);
        if (!http) log(err);
        await setMoveResult(db, jobId, caseId, 'failed', { status: http?.status ?? 500, detail: http?.message ?? 'the move failed' });
      }
    }
  }

  /** Runs a job this process has claimed, renewing the claim meanwhile and giving it back at the end. */
  const start = (jobId: number) => {
    const renew = setInterval(() => void (stopping ? undefined : claim(jobId).catch(log)), Math.max(1, Math.floor(leaseMs / 3)));
    renew.unref();
    const done = run(jobId)
      .catch(log)
      .finally(async () => {
        clearInterval(renew);
        running.delete(jobId);
        await releaseMoveJob(db, jobId, runner).catch(log);
      });
    running.set(jobId, done);
  };

  /** Claims and starts every unfinished job nobody runs; under the start-up lock, so processes starting together share them out. */
  async function resumeUnfinished(): Promise<number[]> {
    if (stopping) return [];
    const claimed = await duringStartup(db, 'move-jobs', async () => {
      const mine: number[] = [];
      for (const jobId of await unfinishedMoveJobs(db, Date.now())) if (!running.has(jobId) && (await claim(jobId))) mine.push(jobId);
      return mine;
    });
    for (const jobId of claimed) start(jobId);
    return claimed;
  }

  return {
    dryRun,
    async move(key: string, request: MoveRequest, actor: Actor): Promise<MoveJob> {
      const { target } = await versions(key, request.from, request.to);
      const running = await runningCasesOf(db, key, request.from);
      const unknown = (request.cases ?? []).filter((id) => !running.includes(id));
      if (unknown.length > 0) throw invalid([{ field: 'cases', message: `not running cases of ${key} version ${request.from}: ${unknown.join(', ')}` }]);
      const chosen = request.cases ?? running;
      const jobId = await createMoveJob(db, { definitionKey: key, fromVersion: request.from, toVersion: target.version, reason: request.reason, actor, createdAt: new Date().toISOString() }, chosen);
      if (await claim(jobId)) start(jobId);
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
      if (running.has(jobId) || (await moveJobClaimed(db, jobId, Date.now())) || !(await claim(jobId))) {
        throw new HttpError(409, 'Invalid Transition', `the job is running (in this or another API process); read it with GET /definitions/${key}/moves/${jobId}`);
      }
      start(jobId);
      return job;
    },
    resumeUnfinished,
    /**
     * Resumes unfinished jobs now and again each time a claim may have run out, until stopped;
     * stopping lets each running job finish its case at hand and gives it back.
     */
    watch(): { stop(): Promise<void> } {
      const sweep = () => void resumeUnfinished().catch(log);
      sweep();
      const timer = setInterval(sweep, leaseMs);
      timer.unref();
      return {
        async stop() {
          clearInterval(timer);
          stopping = true;
          // A move waiting on a case whose worker is down would hold the shutdown for good: after a
          // while the jobs are given back as they are, and whoever takes one up sends that move again
          // under its update id (applied once) or finds the case moved.
          const waited = new Promise<void>((resolve) => setTimeout(resolve, Math.min(leaseMs, STOP_WAIT_MS)).unref());
          await Promise.race([Promise.all(running.values()), waited]);
          await Promise.all([...running.keys()].map((jobId) => releaseMoveJob(db, jobId, runner).catch(log)));
        },
      };
    },
  };
}

export type VersionMover = ReturnType<typeof createVersionMover>;
