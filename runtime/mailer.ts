/**
 * Sends plain-text e-mail over SMTP. One connection per message and short timeouts: a dead server
 * fails a send within seconds, so the activity can record it and let Temporal retry.
 */
import nodemailer from 'nodemailer';

export interface MailMessage {
  /** The Message-ID header, `<id@domain>`: a resend carries the same one, so it can be recognised. */
  messageId: string;
  to: string;
  subject: string;
  text: string;
  /** An HTML alternative to the text, for mail that reads better as a page. */
  html?: string;
}

export interface Mailer {
  readonly from: string;
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/**
 * A send that did not go through. `permanent` when the server refused this message (5xx on its
 * recipient or content), so trying again cannot help; otherwise the server may take it later.
 */
export class MailError extends Error {
  override name = 'MailError';
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly code?: string,
    readonly responseCode?: number,
  ) {
    super(message);
  }
}

const PERMANENT_CODES = ['EENVELOPE', 'EMESSAGE'];

export function toMailError(err: unknown): MailError {
  if (err instanceof MailError) return err;
  const e = err as { message?: string; code?: string; responseCode?: number };
  // Refusals of the whole session (bad credentials, 5xx greeting) are not about this message:
  // they stay retryable, so a misconfigured server does not mark every message failed.
  const permanent = (e.responseCode ?? 0) >= 500 && PERMANENT_CODES.includes(e.code ?? '');
  return new MailError(String(e.message ?? err).split('\n')[0], permanent, e.code, e.responseCode);
}

export const MAIL_TIMEOUTS = { connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 15_000 } as const;

/** A mailer for an `smtp://[user:pass@]host:port` or `smtps://…` URL. */
export function createMailer(smtpUrl: string, from: string): Mailer {
  if (!/^smtps?:\/\//.test(smtpUrl)) throw new Error(`the SMTP URL must start with smtp:// or smtps:// (got '${smtpUrl.split(':')[0]}:')`);
  const transport = nodemailer.createTransport({ url: smtpUrl, pool: false, ...MAIL_TIMEOUTS });
  return {
    from,
    async send(message) {
      try {
        await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text, ...(message.html ? { html: message.html } : {}), messageId: message.messageId });
      } catch (err) {
        throw toMailError(err);
      }
    },
    close: () => transport.close(),
  };
}
