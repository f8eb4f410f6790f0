/** A one-time link sets a person's password (an invitation, a reset, the first admin's), then signs them in. */
import { Router } from 'express';
import { z } from 'zod';
import { setPasswordHash } from '../../store/credentials';
import type { Db } from '../../store/db';
import { findUsablePasswordLink, usePasswordLink } from '../../store/password-links';
import { createSession, endSessionsOf } from '../../store/sessions';
import { getUser } from '../../store/users';
import { ensureFormToken, setSessionCookie, type CookieSettings } from '../auth/cookies';
import { hashPassword, passwordProblem } from '../auth/passwords';
import { csrfTokenOf, pageLocals } from '../context';
import { HOME } from '../paths';
import { sendPage } from '../render';
import { isTimeZone } from '../templates/dates';
import { LinkGonePage, SetPasswordPage } from '../templates/sign-in';

export interface PasswordDeps extends CookieSettings {
  db: Db;
  clock: () => Date;
}

const tokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });
const passwordBody = z.object({ password: z.string().default(''), confirm: z.string().default(''), tz: z.string().optional() });

export function passwordRoutes({ db, clock, ...cookies }: PasswordDeps): Router {
  const router = Router();

  /** The link's person, when the link still works and they may still sign in. */
  const linkOf = async (token: unknown) => {
    const parsed = tokenParams.safeParse({ token });
    const link = parsed.success ? await findUsablePasswordLink(db, parsed.data.token, clock()) : undefined;
    const user = link ? await getUser(db, link.userId) : undefined;
    return link && user?.active ? { link, user } : undefined;
  };
  const tokenFor = (req: Parameters<typeof ensureFormToken>[0], res: Parameters<typeof ensureFormToken>[1]) => (pageLocals(res).viewer ? csrfTokenOf(res) : ensureFormToken(req, res, cookies));

  router.get('/password/:token', async (req, res) => {
    const found = await linkOf(req.params.token);
    const csrfToken = tokenFor(req, res);
    const viewer = pageLocals(res).viewer;
    if (!found) return sendPage(res, LinkGonePage({ viewer, csrfToken }), 410);
    sendPage(res, SetPasswordPage({ csrfToken, viewer, action: req.originalUrl, name: found.user.name, email: found.user.email, purpose: found.link.purpose }));
  });

  router.post('/password/:token', async (req, res) => {
    const found = await linkOf(req.params.token);
    const csrfToken = tokenFor(req, res);
    const viewer = pageLocals(res).viewer;
    if (!found) return sendPage(res, LinkGonePage({ viewer, csrfToken }), 410);
    const body = passwordBody.parse(req.body ?? {});
    const problem = passwordProblem(body.password, found.user.email);
    const mismatch = !problem && body.password !== body.confirm ? 'must be the same as the new password' : undefined;
    if (problem || mismatch) {
      const page = SetPasswordPage({ csrfToken, viewer, action: req.originalUrl, name: found.user.name, email: found.user.email, purpose: found.link.purpose, errors: { password: problem, confirm: mismatch } });
      return sendPage(res, page, 422);
    }
    const hash = await hashPassword(body.password);
    const now = clock();
    if (!(await usePasswordLink(db, found.link.id, now))) return sendPage(res, LinkGonePage({ viewer, csrfToken }), 410);
    await setPasswordHash(db, found.user.id, hash, now);
    // Whoever held a session under the old password holds it no longer.
    await endSessionsOf(db, found.user.id);
    const { token } = await createSession(db, found.user.id, isTimeZone(body.tz) ? body.tz : undefined, now);
    setSessionCookie(req, res, cookies, token);
    res.redirect(303, HOME);
  });

  return router;
}
