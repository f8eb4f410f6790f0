/**
 * The portfolio report by e-mail: the figures of the cases opened in the last days, rendered as the
 * same HTML page the API serves, with a short text part for mail readers without HTML.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import { createHash } from 'node:crypto';
import { FAILURE_TYPES } from '../../common/errors';
import { NOTIFICATION_FAILURES } from '../../common/notifications';
import { toMailError, type Mailer } from '../../runtime/mailer';
import type { Db } from '../../store/db';
import { portfolioReport } from '../../store/portfolio';
import { portfolioHtml } from '../../reports/render-html-portfolio';
import type { PortfolioReport } from '../../reports/types';

const DAY_MS = 86_400_000;

export interface PortfolioEmailRequest {
  /** One address, or several separated by commas. */
  to: string;
  /** The window: cases opened in this many days before now. */
  days: number;
}

export interface PortfolioEmailResult {
  messageId: string;
  subject: string;
  cases: number;
}

const day = (iso: string) => iso.slice(0, 10);

function summary(r: PortfolioReport, from: string, to: string): string {
  const counts = (byKey: Record<string, number>) =>
    Object.entries(byKey)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${k.replace(/_/g, ' ')} ${n}`)
      .join(', ') || 'none';
  return [
    `Portfolio report for the cases opened from ${day(from)} to ${day(to)}.`,
    '',
    `Cases: ${r.cases}`,
    `By phase: ${counts(r.byPhase)}`,
    `By risk level: ${counts(r.byRisk)}`,
    `By status: ${counts(r.byStatus)}`,
    `Reported (reached evaluation): ${r.reported}`,
    `Deadlines met: ${r.deadlines.met}, missed: ${r.deadlines.missed}`,
    '',
    'The full report with its charts is the HTML part of this message.',
  ].join('\n');
}

export function createReportEmailActivities({ db, mailer, now = () => new Date() }: { db: Db; mailer: Mailer; now?: () => Date }) {
  return {
    /**
     * Sends the portfolio of the last `days` days. A retry of the same activity sends with the same
     * Message-ID, so a receiving server or reader can tell a resend from a new report. Throws
     * SmtpUnavailable (retryable) when the mail server cannot take the message now.
     */
    async emailPortfolioReport({ to, days }: PortfolioEmailRequest): Promise<PortfolioEmailResult> {
      if (!to.trim()) throw ApplicationFailure.nonRetryable('the report has no recipient', FAILURE_TYPES.InvalidData);
      const end = now().toISOString();
      const from = new Date(Date.parse(end) - days * DAY_MS).toISOString();
      const report = await portfolioReport(db, { from, to: end });
      const { workflowExecution, activityId } = Context.current().info;
      const key = JSON.stringify([workflowExecution?.workflowId, workflowExecution?.runId, activityId]);
      const messageId = `<report-${createHash('sha256').update(key).digest('hex').slice(0, 32)}@casework>`;
      const subject = `Portfolio report: ${report.cases} case${report.cases === 1 ? '' : 's'} opened ${day(from)} to ${day(end)}`;
      try {
        await mailer.send({ messageId, to, subject, text: summary(report, from, end), html: portfolioHtml(report) });
      } catch (err) {
        const error = toMailError(err);
        if (error.permanent) throw ApplicationFailure.nonRetryable(`the mail server refused the report: ${error.message}`, NOTIFICATION_FAILURES.SmtpUnavailable);
        throw ApplicationFailure.retryable(`the report was not sent; the mail server said: ${error.message}`, NOTIFICATION_FAILURES.SmtpUnavailable);
      }
      return { messageId, subject, cases: report.cases };
    },
  };
}
