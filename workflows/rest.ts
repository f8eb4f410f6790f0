/**
 * The main flow's one way to wait. Before it waits, everything the case did is recorded and every
 * command it took is settled, so the callers of those commands get their answers. A case whose
 * history passes its limit while it waits (notes, commands and timers pile up events in a phase
 * that lasts for weeks) rolls over from here.
 */
import { condition } from '@temporalio/workflow';
import type { CaseFile } from './case-file';
import { publish } from './publish';
import { historySeenTooLong, noteHistoryLength } from './history-length';
import { rollOver, rollsOverQuickly } from './roll-over';

/** Thrown out of a wait when a command closed the case; the workflow ends cleanly on it. */
export class CaseEnded extends Error {
  override name = 'CaseEnded';
}

/** Waits until `ready()` holds; throws CaseEnded if the case is closed meanwhile. */
export async function rest(c: CaseFile, ready: () => boolean): Promise<void>;
/** Waits until `ready()` holds (true) or the time runs out (false). */
export async function rest(c: CaseFile, ready: () => boolean, timeoutMs: number, summary?: string): Promise<boolean>;
export async function rest(c: CaseFile, ready: () => boolean, timeoutMs?: number, summary?: string): Promise<boolean | void> {
  const rollsOver = rollsOverQuickly();
  await publish(c);
  c.inbox.settle();
  noteHistoryLength(c);
  // A command waiting in the inbox is carried out first; the case rolls over at its next wait.
  const longHistory = () => rollsOver && c.inbox.empty && historySeenTooLong(c);
  const wake = () => c.closed || ready() || longHistory();
  const woke = timeoutMs === undefined ? (await condition(wake), true) : await condition(wake, Math.max(timeoutMs, 1), { summary });
  if (c.closed) throw new CaseEnded();
  if (!ready() && longHistory()) await rollOver(c);
  return woke;
}
