/**
 * One durable timer a case keeps across its waits. It is set again only when something falls due
 * before it: a command that moves the next due time later (a follow-up recorded, a task done) then
 * costs no timer, and the alarm that rings early just sets itself for the new time.
 */
import { CancellationScope, isCancellation, sleep } from '@temporalio/workflow';
import type { Alarm, CaseFile } from './case-file';
import { nowMs } from './clock';

/** Makes sure the alarm rings at `iso` or before. */
export function setAlarm(c: CaseFile, iso: string, summary: string): void {
  const at = Date.parse(iso);
  const current = c.alarm;
  if (current && !current.rang && current.at <= at) return;
  current?.scope.cancel();
  const scope = new CancellationScope();
  const alarm: Alarm = { at, rang: false, scope };
  c.alarm = alarm;
  // Not awaited: the alarm rings in the background while the case waits for commands; a failure
  // other than its cancellation is rethrown unhandled, which fails the workflow task as it should.
  void scope
    .run(() => sleep(Math.max(at - nowMs(), 1), { summary }))
    .then(
      () => (alarm.rang = true),
      (err) => {
        if (!isCancellation(err)) throw err;
      },
    );
}

/** A check for the alarm that is still to ring; false for good once there is none. */
export function alarmRinging(c: CaseFile): () => boolean {
  const alarm = c.alarm;
  return alarm && !alarm.rang ? () => alarm.rang : () => false;
}

/** Whether the alarm rang for `iso`: its time has come even if the clock reads a moment earlier. */
export const alarmRangFor = (c: CaseFile, iso: string): boolean => {
  const alarm = c.alarm;
  return alarm?.rang === true && alarm.at >= Date.parse(iso);
};
