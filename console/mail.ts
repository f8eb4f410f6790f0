/** The e-mail that carries a one-time link to set a password. */
import { randomUUID } from 'node:crypto';
import type { MailMessage } from '../runtime/mailer';
import type { PasswordLinkPurpose } from '../store/password-links';

export function passwordLinkMail(to: { name: string; email: string }, from: { name: string }, purpose: PasswordLinkPurpose, link: string, signInUrl: string): MailMessage {
  const invite = purpose === 'invite';
  const subject = invite ? 'You are invited to Casework' : 'Set a new password for Casework';
  const opening = invite ? `${from.name} has invited you to Casework.` : `${from.name} has sent you a link to set a new password for Casework.`;
  const text = [
    `Hello ${to.name},`,
    '',
    opening,
    'Set your password with this link. It works once, within 24 hours:',
    '',
    link,
    '',
    `Then sign in at ${signInUrl} with this e-mail address (${to.email}).`,
    'If you did not expect this e-mail, you can ignore it: nothing changes until the link is used.',
  ].join('\n');
  return { messageId: `<${randomUUID()}@casework>`, to: to.email, subject, text };
}
