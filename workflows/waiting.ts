/**
 * Waiting and answering, in one vocabulary:
 * - the main flow waits only through `waitUntil` (or `nextCommand`, which waits for a command and
 *   takes it). Before it sleeps, everything the case did is recorded and every command it took is
 *   answered; while it sleeps, whatever falls due by time fires;
 * - an update handler `awaitAnswer`s: it waits, counted as a caller, until the main flow answered
 *   its command.
 */
import { condition, patched } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { CommandAnswer } from '../common/case-types';
import type { CaseFile } from './case-file';
import { msUntil } from './clock';
import { historySeenTooLong, noteHistoryLength } from './history-length';
import { publish } from './publish';
import { rollOver, rollsOverQuickly } from './roll-over';
import { alarmRangFor, alarmRinging, setAlarm } from './alarm';
import { nextDue } from './timers';
import { SINGLE_ALARM_PATCH } from './patches';

/** Thrown out of a wait when a command closed the case; the workflow ends cleanly on it. */
export class CaseEnded extends Error {
  override name = 'CaseEnded';
}

/**
 * Waits until `ready()` holds, firing whatever falls due meanwhile. Commands that change what the
 * case waits for by time (hold, resume, a risk change, a task) bump the timer version to wake it.
 * Throws CaseEnded if a command closes the case meanwhile.
 */
export async function waitUntil(c: CaseFile, ready: () => boolean): Promise<void> {
  if (!patched(SINGLE_ALARM_PATCH)) return waitWithTimerPerWait(c, ready);
  for (;;) {
    if (ready()) return;
    const due = nextDue(c);
    if (due && (msUntil(due.at) <= 0 || alarmRangFor(c, due.at))) {
      due.fire();
      continue;
    }
    const version = c.timerVersion;
    if (due) setAlarm(c, due.at, due.summary);
    const rang = alarmRinging(c);
    await sleepUntil(c, () => ready() || c.timerVersion !== version || rang());
  }
}

async function waitWithTimerPerWait(c: CaseFile, ready: () => boolean): Promise<void> {
  for (;;) {
    if (ready()) return;
    const due = nextDue(c);
    const version = c.timerVersion;
    const woken = () => ready() || c.timerVersion !== version;
    if (!due) {
      await sleepUntil(c, woken);
      continue;
    }
    const ms = msUntil(due.at);
    const timedOut = ms <= 0 || !(await sleepUntil(c, woken, ms, due.summary));
    if (timedOut && !ready()) due.fire();
  }
}

/**
 * Records, answers, then sleeps until `woken()` holds (true) or the time runs out (false). A case
 * whose history passes its limit while it sleeps (notes, commands and timers pile up events in a
 * phase that lasts for weeks) rolls over from here.
 */
async function sleepUntil(c: CaseFile, woken: () => boolean, timeoutMs?: number, summary?: string): Promise<boolean> {
  const rollsOver = rollsOverQuickly();
  await publish(c);
  c.inbox.answerTaken();
  noteHistoryLength(c);
  // A command waiting in the inbox is carried out first; the case rolls over at its next wait.
  const longHistory = () => rollsOver && c.inbox.empty && historySeenTooLong(c);
  const wake = () => c.closed || woken() || longHistory();
  const woke = timeoutMs === undefined ? (await condition(wake), true) : await condition(wake, Math.max(timeoutMs, 1), { summary });
  if (c.closed) throw new CaseEnded();
  if (!woken() && longHistory()) await rollOver(c);
  return woke;
}

/** Waits for the next command of a kind, posted by its update handler, and takes it. */
export async function nextCommand<T>(c: CaseFile, update: UpdateDefinition<CommandAnswer, [T]>): Promise<T> {
  await waitUntil(c, () => c.inbox.has(update.name));
  return c.inbox.take<T>(update.name);
}

/** An update handler's wait, counted as a caller waiting for an answer, until `answered()` holds. */
export async function awaitAnswer(c: CaseFile, answered: () => boolean): Promise<void> {
  c.answering++;
  try {
    await condition(answered);
  } finally {
    c.answering--;
  }
}
