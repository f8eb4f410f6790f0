/**
 * Sends the notifications a case owes, in the background so that no command waits for a mail
 * server. A delivery that keeps failing is recorded in the trail and tried again with growing
 * pauses until it goes through: nothing is dropped.
 */
import { ActivityFailure, ApplicationFailure, proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { NOTIFICATION_FAILURES, type NotificationRequest } from '../common/notifications';
import { SYSTEM, type Announcement, type CaseFile } from './case-file';

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

async function deliver(c: CaseFile, request: NotificationRequest, flush: () => Promise<void>): Promise<void> {
  for (let round = 1; ; round++) {
    try {
      const results = await sendNotification(request);
      c.record('notification_sent', SYSTEM, { event: request.event, eventSeq: request.eventSeq, messages: results });
      break;
    } catch (err) {
      const cause = err instanceof ActivityFailure ? err.cause : err;
      const error = cause instanceof Error ? cause.message : String(cause);
      // A template that cannot render will not render next time either: record it once and stop.
      const final = cause instanceof ApplicationFailure && cause.nonRetryable;
      c.record('notification_failed', SYSTEM, { event: request.event, eventSeq: request.eventSeq, round, error, final });
      if (final) break;
      await flush();
      await sleep(pauseMs(round));
    }
  }
  await flush();
}

/** Starts delivering every notification the case owes; `flush` records their outcome. */
export function startDeliveries(c: CaseFile, flush: () => Promise<void>): void {
  const running = c.deliveries;
  for (const announcement of c.announcements.splice(0)) {
    // Not awaited here: deliveries retry for days and the case goes on meanwhile; `deliveriesDone`
    // awaits every job before the case closes or rolls over.
    const job: Promise<void> = deliver(c, requestFor(c, announcement), flush).finally(() => running.delete(job));
    running.add(job);
  }
}

/** Resolves once every delivery started so far has gone through. */
export async function deliveriesDone(c: CaseFile): Promise<void> {
  while (c.deliveries.size > 0) await Promise.all([...c.deliveries]);
}
