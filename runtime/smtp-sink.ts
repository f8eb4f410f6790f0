/**
 * A local SMTP server that accepts every message and keeps the last few in memory: `npm start`
 * sends notifications to it when no SMTP_URL is set, and tests read what arrived. It listens on
 * loopback only, without TLS or authentication, and can be stopped and started again on its port.
 */
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface ReceivedMail {
  messageId?: string;
  from: string;
  /** The envelope's recipients: where the message was delivered. */
  to: string[];
  subject: string;
  text: string;
  /** The HTML part, when the message has one. */
  html?: string;
  receivedAt: string;
}

export interface SmtpSinkOptions {
  host?: string;
  /** How many received messages to keep; older ones are dropped. */
  keep?: number;
  /** Recipients to refuse with a 550, as a mail server refuses an unknown mailbox. */
  refuse?: (address: string) => boolean;
  /** Told of each message kept. */
  onReceive?: (mail: ReceivedMail) => void;
}

export interface SmtpSink {
  /** The port it listens on, or last listened on; 0 before the first start. */
  readonly port: number;
  readonly url: string;
  readonly listening: boolean;
  /** Received messages, oldest first. */
  readonly messages: readonly ReceivedMail[];
  /** Starts listening; port 0 picks a free one, and no port means the last one used. */
  start(port?: number): Promise<number>;
  stop(): Promise<void>;
  clear(): void;
}

const MAX_SIZE = 10 * 1024 * 1024;

export function createSmtpSink(options: SmtpSinkOptions = {}): SmtpSink {
  const host = options.host ?? '127.0.0.1';
  const keep = options.keep ?? 200;
  const messages: ReceivedMail[] = [];
  let server: SMTPServer | undefined;
  let port = 0;

  const createServer = () =>
    new SMTPServer({
      name: 'casework-sink',
      banner: 'Casework local mail sink',
      logger: false,
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      size: MAX_SIZE,
      rejectOversized: true,
      closeTimeout: 1_000,
      onRcptTo(address: SMTPServerAddress, _session, callback) {
        if (options.refuse?.(address.address)) return callback(new Error(`mailbox ${address.address} does not exist`));
        callback();
      },
      onData(stream, session, callback) {
        // Answer only once the message is kept, so a sender that hears 250 finds it in `messages`.
        simpleParser(stream)
          .then((mail) => {
            const from = session.envelope.mailFrom;
            messages.push({
              messageId: mail.messageId,
              from: from ? from.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              ...(typeof mail.html === 'string' ? { html: mail.html } : {}),
              receivedAt: new Date().toISOString(),
            });
            messages.splice(0, Math.max(0, messages.length - keep));
            options.onReceive?.(messages[messages.length - 1]);
            callback();
          })
          .catch((err: Error) => callback(err));
      },
    });

  return {
    get port() {
      return port;
    },
    get url() {
      return `smtp://${host}:${port}`;
    },
    get listening() {
      return server !== undefined;
    },
    get messages() {
      return messages;
    },
    async start(at = port) {
      if (server) throw new Error(`the SMTP sink already listens on ${host}:${port}`);
      const s = createServer();
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(at, host, () => {
          s.off('error', reject);
          resolve();
        });
      });
      // Past start-up, a broken connection is the client's problem, not a reason to crash.
      s.on('error', () => undefined);
      server = s;
      port = (s.server.address() as { port: number }).port;
      return port;
    },
    async stop() {
      const s = server;
      server = undefined;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    clear() {
      messages.length = 0;
    },
  };
}
