/**
 * Sends the notifications a case owes, in the background so that no command waits for a mail
 * server. A delivery that keeps failing is recorded in the trail and tried again with growing
 * pauses until it goes through: nothing is dropped. A case that continues as new hands the
 * deliveries still under way to its next run (`owedDeliveries`), which goes on with them
 * (`resumeDeliveries`). The outbox keeps each message under its id and lets one attempt at a time
 * send it, so a message the previous run's last attempt is still sending, or has sent, is not
 * sent again by the next run.
 */
import { ActivityFailure, ApplicationFailure, proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { NOTIFICATION_FAILURES, type NotificationRequest, type OwedNotification } from '../common/notifications';
import { SYSTEM, type Announcement, type CaseFile } from './case-file';
import type { Delivery } from './delivery';
import { nowMs } from './clock';
import { noteHistoryLength } from './history-length';

const { sendNotification } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumAttempts: 3, nonRetryableErrorTypes: [NOTIFICATION_FAILURES.TemplateInvalid] },
});

function requestFor(c: CaseFile, a: Announcement): NotificationRequest {
  const row = c.row();
  return {
    caseId: c.id,
    eventSeq: a.seq,
    event: a.event,
    rules: c.definition.notifications
      .map((rule, index) => ({ rule, index }))
      .filter(({ rule }) => rule.on === a.event && (!rule.phase || rule.phase === a.phase)),
    context: {
      case: {
        id: c.id,
        title: c.input.title,
        phase: row.phase,
        status: row.status,
        risk: row.riskLevel,
        assignee: row.assignee,
        team: row.team,
        definition: row.definitionKey,
        dueAt: row.dueAt,
      },
      event: a.event,
      intake: c.input.intake,
      data: a.data,
    },
  };
}

/** Pause before the next round of attempts: 30 s, doubling, at most 10 minutes. */
const pauseMs = (round: number) => Math.min(30_000 * 2 ** (round - 1), 600_000);

async function deliver(c: CaseFile, d: Delivery, writeOut: () => Promise<void>): Promise<void> {
  // A case handing over to its next run writes everything itself, within its last workflow task.
  const flush = () => (c.handingOver ? Promise.resolve() : writeOut());
  // A delivery carried over from the run before waits for the time that run set for it.
  if (d.nextAt > nowMs()) await sleep(d.nextAt - nowMs());
  for (; ; d.round++) {
    const { request, round } = d;
    try {
      const results = await sendNotification(request);
      noteHistoryLength(c);
      d.done = true;
      c.record('notification_sent', SYSTEM, { event: request.event, eventSeq: request.eventSeq, messages: results });
      break;
    } catch (err) {
      noteHistoryLength(c);
      const cause = err instanceof ActivityFailure ? err.cause : err;
      const error = cause instanceof Error ? cause.message : String(cause);
      // A template that cannot render will not render next time either: record it once and stop.
      const final = cause instanceof ApplicationFailure && cause.nonRetryable;
      d.done = final === true;
      c.record('notification_failed', SYSTEM, { event: request.event, eventSeq: request.eventSeq, round, error, final });
      if (final) break;
      d.nextAt = nowMs() + pauseMs(round);
      await flush();
      noteHistoryLength(c);
      await sleep(pauseMs(round));
      noteHistoryLength(c);
    }
  }
  await flush();
  noteHistoryLength(c);
}

function start(c: CaseFile, d: Delivery, flush: () => Promise<void>): void {
  const running = c.deliveries;
  running.add(d);
  // Not awaited here: deliveries retry for days and the case goes on meanwhile. The case awaits
  // them before it ends, and hands those still owed to its next run when it continues as new.
  d.job = deliver(c, d, flush).finally(() => running.delete(d));
}

/** Starts delivering every notification the case owes; `flush` records their outcome. */
export function startDeliveries(c: CaseFile, flush: () => Promise<void>): void {
  if (c.handingOver) return;
  for (const announcement of c.announcements.splice(0)) {
    start(c, { request: requestFor(c, announcement), round: 1, nextAt: 0, done: false }, flush);
  }
}

/** Goes on with the deliveries the run before handed over. */
export function resumeDeliveries(c: CaseFile, owed: OwedNotification[], flush: () => Promise<void>): void {
  for (const { request, round, notBefore } of owed) start(c, { request, round, nextAt: notBefore, done: false }, flush);
}

/** From now on the case starts no delivery: it is about to hand what it owes to its next run. */
export function holdDeliveries(c: CaseFile): void {
  c.handingOver = true;
}

/** How many deliveries are still under way (their outcome may be recorded but not yet written). */
export function deliveriesPending(c: CaseFile): number {
  return c.deliveries.size;
}

/** Resolves once every delivery started so far has gone through. */
export async function deliveriesDone(c: CaseFile): Promise<void> {
  while (deliveriesPending(c) > 0) await Promise.all([...c.deliveries].map((d) => d.job));
}

/**
 * What the case still owes, for its next run, as of now: deliveries under way (one that pauses
 * keeps its time; one whose attempt may still be running is tried again at once, and the outbox
 * keeps the two attempts from both sending a message), and notifications announced but not started.
 */
export function owedDeliveries(c: CaseFile): OwedNotification[] {
  const now = nowMs();
  const underWay = [...c.deliveries].filter((d) => !d.done).map((d) => ({ request: d.request, round: d.round, notBefore: Math.max(d.nextAt, now) }));
  const announced = c.announcements.map((a) => ({ request: requestFor(c, a), round: 1, notBefore: now }));
  return [...underWay, ...announced];
}
