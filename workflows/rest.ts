/**
 * The main flow's one way to wait. Before it waits, everything the case did is recorded and every
 * command it took is settled, so the callers of those commands get their answers.
 */
import { condition } from '@temporalio/workflow';
import type { CaseFile } from './case-file';
import { publish } from './publish';

/** Thrown out of a wait when a command closed the case; the workflow ends cleanly on it. */
export class CaseEnded extends Error {
  override name = 'CaseEnded';
}

/** Waits until `ready()` holds; throws CaseEnded if the case is closed meanwhile. */
export async function rest(c: CaseFile, ready: () => boolean): Promise<void>;
/** Waits until `ready()` holds (true) or the time runs out (false). */
export async function rest(c: CaseFile, ready: () => boolean, timeoutMs: number, summary?: string): Promise<boolean>;
export async function rest(c: CaseFile, ready: () => boolean, timeoutMs?: number, summary?: string): Promise<boolean | void> {
  await publish(c);
  c.inbox.settle();
  const wake = () => c.closed || ready();
  const woke = timeoutMs === undefined ? (await condition(wake), true) : await condition(wake, Math.max(timeoutMs, 1), { summary });
  if (c.closed) throw new CaseEnded();
  return woke;
}
