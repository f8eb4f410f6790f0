/** What a case asks its notification activity to send, and what it hears back. */
import type { NotificationEvent, NotificationRule } from './definition-schema';

export interface NotificationRequest {
  caseId: string;
  /** Sequence number of the trail entry that caused it: with the rule index and recipient, it makes the message's stable id. */
  eventSeq: number;
  event: NotificationEvent;
  /** The definition's rules that match the event, with their index in the definition. */
  rules: Array<{ index: number; rule: NotificationRule }>;
  /** Variables for the subject and body templates. */
  context: NotificationContext;
}

export interface NotificationContext {
  case: {
    id: string;
    title: string;
    phase: string;
    status: string;
    risk?: string;
    assignee?: string;
    team: string;
    definition: string;
    dueAt?: string;
  };
  event: NotificationEvent;
  intake: Record<string, unknown>;
  /** Event-specific data, e.g. the phase entered, the task assigned, the deadline that passed. */
  data: Record<string, unknown>;
}

/**
 * A notification a case still owes when it continues as new. The next run goes on delivering it,
 * from the round of attempts it had reached, not before `notBefore` (ms since the epoch).
 */
export interface OwedNotification {
  request: NotificationRequest;
  round: number;
  notBefore: number;
}

export interface NotificationResult {
  messageId: string;
  to: string;
  rule: number;
  /** 'failed': the mail server refused this message for good (e.g. unknown mailbox); it is not tried again. */
  status: 'sent' | 'skipped' | 'failed';
  /** Why a recipient was skipped or a message refused, e.g. no e-mail address known for a role. */
  detail?: string;
}

/**
 * Failure types of the notification activity. SmtpUnavailable is retryable: the messages wait in
 * the outbox and go out once the server is back. TemplateInvalid is not: retrying renders the same.
 */
export const NOTIFICATION_FAILURES = {
  SmtpUnavailable: 'SmtpUnavailable',
  TemplateInvalid: 'TemplateInvalid',
} as const;
export type NotificationFailure = keyof typeof NOTIFICATION_FAILURES;
