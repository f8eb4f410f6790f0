/**
 * A case refuses a command as busy while it opens (it has not loaded its definition yet) or rolls
 * over into a new run. The refusal comes from the update's validator, so the command never reached
 * the case's history, and sending it again, with the same update id, applies it once. The API
 * sends it again for up to ROLLOVER_WAIT_MS, with short growing pauses, and answers 503 with
 * Retry-After only when the case stays busy longer than that.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { FAILURE_TYPES } from '../common/errors';
import { HttpError } from './problem';

export const DEFAULT_ROLLOVER_WAIT_MS = 10_000;
const FIRST_PAUSE_MS = 20;
const LONGEST_PAUSE_MS = 500;
/** A case busy for longer than the API waits is held up by something that takes seconds to clear. */
const RETRY_AFTER_S = 5;

/** Why the case refused the command as busy; undefined for any other outcome. */
export function busyReason(err: unknown): string | undefined {
  const cause = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
  return cause instanceof ApplicationFailure && cause.type === FAILURE_TYPES.Busy ? cause.message : undefined;
}

/**
 * Sends the command, and again while the case refuses it as busy, for up to `waitMs` from the
 * first refusal (the first attempt may have waited for a worker before it was refused).
 */
export async function sendWhileBusy<T>(send: () => Promise<T>, waitMs: number): Promise<T> {
  let started: number | undefined;
  for (let pause = FIRST_PAUSE_MS; ; pause = Math.min(pause * 2, LONGEST_PAUSE_MS)) {
    try {
      return await send();
    } catch (err) {
      const reason = busyReason(err);
      if (reason === undefined) throw err;
      started ??= Date.now();
      const left = waitMs - (Date.now() - started);
      if (left <= 0) {
        const detail = `the case refused the command as busy for ${(Date.now() - started) / 1000} s (${reason}); nothing was changed, send it again`;
        throw new HttpError(503, 'Case Busy', detail, undefined, RETRY_AFTER_S);
      }
      await sleep(Math.min(pause, left));
    }
  }
}
