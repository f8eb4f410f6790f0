/** Turns a notification rule's Handlebars templates into the subject and body of a plain-text e-mail. */
import Handlebars from 'handlebars';
import { ApplicationFailure } from '@temporalio/common';
import { NOTIFICATION_FAILURES, type NotificationContext } from '../common/notifications';
import type { NotificationRule } from '../common/definition-schema';

// An environment of its own: helpers registered on the global Handlebars elsewhere stay out.
const handlebars = Handlebars.create();
// {{log}} would write case data to the worker's output. Publishing refuses it; a version published
// before that still renders, with the helper writing nothing.
handlebars.registerHelper('log', () => '');

export interface RenderedNotification {
  subject: string;
  body: string;
}

/**
 * The template sees `case`, `event`, `intake` and the event's own data at the top level
 * (`phase`, `task`, `deadline`…). The event's data is spread first so it cannot hide the case.
 */
export function templateContext(context: NotificationContext): Record<string, unknown> {
  return { ...context.data, case: context.case, event: context.event, intake: context.intake };
}

function render(template: string, values: Record<string, unknown>): string {
  // Plain-text mail: HTML escaping would only show up as &amp; in the reader's inbox.
  return handlebars.compile(template, { noEscape: true })(values);
}

export function renderNotification(rule: NotificationRule, ruleIndex: number, context: NotificationContext): RenderedNotification {
  const values = templateContext(context);
  try {
    return {
      subject: render(rule.subject, values).replace(/\s+/g, ' ').trim(),
      body: render(rule.body, values),
    };
  } catch (err) {
    const message = `notification rule ${ruleIndex} has a template that does not render: ${(err as Error).message.replace(/\s*\n[\s-]*\^?\s*/g, ' ')}`;
    throw ApplicationFailure.create({ message, type: NOTIFICATION_FAILURES.TemplateInvalid, nonRetryable: true });
  }
}
