/** "People", for admins: send a person the one-time link that sets their password, by e-mail. */
import { Router } from 'express';
import { z } from 'zod';
import { notFound } from '../../api/problem';
import { userIdParams } from '../../api/schemas/users';
import type { Mailer } from '../../runtime/mailer';
import { usersWithPassword } from '../../store/credentials';
import type { Db } from '../../store/db';
import { createPasswordLink } from '../../store/password-links';
import { getUser, listUsers } from '../../store/users';
import { csrfTokenOf, viewerOf } from '../context';
import { passwordLinkMail } from '../mail';
import { sendPage } from '../render';
import { PeoplePage } from '../templates/people';

export const PASSWORD_LINK_VALID_MS = 24 * 3600_000;

export interface PeopleDeps {
  db: Db;
  clock: () => Date;
  mailer?: Mailer;
  publicUrl: () => string;
}

const linkParams = z.object({ userId: userIdParams.shape.id });

export function peopleRoutes({ db, clock, mailer, publicUrl }: PeopleDeps): Router {
  const router = Router();
  const page = async (res: Parameters<typeof viewerOf>[0], notice?: { notice?: string; problem?: string }, status = 200) =>
    sendPage(res, PeoplePage({ viewer: viewerOf(res), csrfToken: csrfTokenOf(res), people: await listUsers(db), withPassword: await usersWithPassword(db), ...notice }), status);

  router.get('/people', async (_req, res) => page(res));

  router.post('/people/:userId/password-link', async (req, res) => {
    const parsed = linkParams.safeParse(req.params);
    const person = parsed.success ? await getUser(db, parsed.data.userId) : undefined;
    if (!person?.active) throw notFound('the person');
    if (!mailer) return page(res, { problem: 'No mail server is set up (SMTP_URL), so no link can be sent.' }, 503);
    const viewer = viewerOf(res);
    const purpose = (await usersWithPassword(db)).has(person.id) ? 'reset' : 'invite';
    const token = await createPasswordLink(db, { userId: person.id, purpose, createdBy: viewer.user.id, now: clock(), validForMs: PASSWORD_LINK_VALID_MS });
    const message = passwordLinkMail(person, viewer.user, purpose, `${publicUrl()}/app/password/${token}`, `${publicUrl()}/app/`);
    try {
      await mailer.send(message);
    } catch (err) {
      return page(res, { problem: `The e-mail to ${person.email} could not be sent (${(err as Error).message}). Try again in a while.` }, 502);
    }
    await page(res, { notice: `${purpose === 'invite' ? 'An invitation' : 'A password reset link'} was sent to ${person.name} at ${person.email}.` });
  });

  return router;
}
