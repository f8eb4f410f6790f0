/**
 * The notification activity: renders a case's matching rules, resolves their recipients and sends
 * each e-mail through the outbox, so that a retried or repeated request never sends one twice.
 */
import { ApplicationFailure } from '@temporalio/common';
import { NOTIFICATION_FAILURES, type NotificationRequest, type NotificationResult } from '../common/notifications';
import { MailError, toMailError, type Mailer } from '../runtime/mailer';
import type { Db } from '../store/db';
import { claimOutboxMessage, enqueueOutboxMessage, getOutboxMessage, markOutboxAttemptFailed, markOutboxSent, type OutboxMessage } from '../store/outbox';
import { renderNotification } from './notification-content';
import { resolveRecipients } from './recipients';

export interface NotificationDeps {
  db: Db;
  mailer: Mailer;
  /** Runs once a message is on record as sent: the point at which a crash must not cause a resend. */
  afterSend?: (messageId: string) => void | Promise<void>;
}

type Delivery = NotificationResult | MailError;

export function createNotificationActivities({ db, mailer, afterSend }: NotificationDeps) {
  async function deliver(message: OutboxMessage): Promise<Delivery> {
    const result = { messageId: message.messageId, to: message.recipient, rule: message.ruleIndex };
    const outcome = (m: OutboxMessage): Delivery | undefined =>
      m.status === 'sent' ? { ...result, status: 'sent' } : m.status === 'failed' ? { ...result, status: 'failed', detail: m.lastError } : undefined;
    const known = outcome(message);
    if (known) return known;
    if (!(await claimOutboxMessage(db, message.messageId))) {
      // Another attempt holds the message and may be sending it right now, or has just settled it.
      const now = await getOutboxMessage(db, message.messageId);
      return (now && outcome(now)) ?? new MailError('another attempt is sending this message; it is tried again once that attempt is over', false);
    }
    try {
      await mailer.send({ messageId: message.messageId, to: message.recipient, subject: message.subject, text: message.body });
    } catch (err) {
      const error = toMailError(err);
      await markOutboxAttemptFailed(db, message.messageId, error.message, error.permanent);
      return error.permanent ? { ...result, status: 'failed', detail: error.message } : error;
    }
    await markOutboxSent(db, message.messageId);
    await afterSend?.(message.messageId);
    return { ...result, status: 'sent' };
  }

  return {
    /**
     * Sends every message of the request that is not on record as sent. Throws SmtpUnavailable
     * (retryable) when any message could not be handed to the mail server, after trying them all.
     */
    async sendNotification(request: NotificationRequest): Promise<NotificationResult[]> {
      // Every template renders before anything is sent: a broken rule sends nothing.
      const rendered = request.rules.map(({ index, rule }) => renderNotification(rule, index, request.context));
      const results: NotificationResult[] = [];
      const unsent: MailError[] = [];
      for (const [i, { index, rule }] of request.rules.entries()) {
        for (const recipient of await resolveRecipients(db, rule.to, request.context)) {
          if ('skipped' in recipient) {
            results.push({ messageId: '', to: recipient.skipped, rule: index, status: 'skipped', detail: recipient.detail });
            continue;
          }
          const message = await enqueueOutboxMessage(db, {
            caseId: request.caseId,
            eventSeq: request.eventSeq,
            event: request.event,
            ruleIndex: index,
            recipient: recipient.address,
            ...rendered[i],
          });
          const outcome = await deliver(message);
          if (outcome instanceof Error) unsent.push(outcome);
          else results.push(outcome);
        }
      }
      if (unsent.length > 0) {
        const message = `${unsent.length} notification e-mail(s) not sent yet: ${unsent[0].message}`;
        throw ApplicationFailure.retryable(message, NOTIFICATION_FAILURES.SmtpUnavailable);
      }
      return results;
    },
  };
}
