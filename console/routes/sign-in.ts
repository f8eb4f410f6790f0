/** Signing in with e-mail and password, and signing out. */
import { Router, type Request } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { z } from 'zod';
import { findUserByEmail } from '../../store/credentials';
import type { Db } from '../../store/db';
import { createSession, endSession, pruneSessions } from '../../store/sessions';
import { checkPassword } from '../auth/passwords';
import { clearSessionCookie, ensureFormToken, setSessionCookie, type CookieSettings } from '../auth/cookies';
import type { SignInGuard } from '../auth/sign-in-guard';
import { pageLocals } from '../context';
import { afterSignIn, backPath } from '../paths';
import { sendPage } from '../render';
import { isTimeZone } from '../templates/dates';
import { SignInPage } from '../templates/sign-in';

export interface SignInDeps extends CookieSettings {
  db: Db;
  clock: () => Date;
  guard: SignInGuard;
  idleMs: number;
}

const signInBody = z.object({
  email: z.string().max(320).default(''),
  password: z.string().max(1024).default(''),
  tz: z.string().optional(),
  next: z.string().optional(),
  draft: z.string().optional(),
});

/** The same words whether the e-mail is unknown, has no password, or the password is wrong. */
const WRONG = 'The email or password is not right. Check both and try again.';
/** Sessions and drafts idle this long past their expiry are removed when someone signs in. */
const KEEP_EXPIRED_MS = 24 * 3600_000;

const addressOf = (req: Request) => ipKeyGenerator(req.ip ?? 'unknown');

export function signInRoutes(deps: SignInDeps): Router {
  const router = Router();
  const { db, clock, guard } = deps;

  router.get('/sign-in', (req, res) => {
    const next = backPath(req.query.next);
    const draft = typeof req.query.draft === 'string' ? req.query.draft : undefined;
    if (pageLocals(res).viewer) return res.redirect(303, afterSignIn(next, undefined));
    const token = ensureFormToken(req, res, deps);
    const notice = draft ? 'Your session ended before the form was sent. Sign in again, and what you typed will be shown filled in.' : undefined;
    sendPage(res, SignInPage({ csrfToken: token, next, draft, notice }));
  });

  router.post('/sign-in', async (req, res) => {
    const parsed = signInBody.safeParse(req.body ?? {});
    const body = parsed.success ? parsed.data : { email: '', password: '', tz: undefined, next: undefined, draft: undefined };
    const email = body.email.trim();
    const next = backPath(body.next);
    const again = (problem: string, status: number) => sendPage(res, SignInPage({ csrfToken: ensureFormToken(req, res, deps), email, next, draft: body.draft, problem }), status);

    const wait = await guard.waitFor(email, addressOf(req));
    if (wait > 0) {
      res.set('Retry-After', String(Math.ceil(wait / 1000)));
      return again(`Too many sign-ins failed for this email or from this address. Wait ${Math.ceil(wait / 1000)} seconds, then try again.`, 429);
    }
    const found = email ? await findUserByEmail(db, email) : undefined;
    // Checked against a stand-in hash when there is no account: the answer takes as long either way.
    const right = await checkPassword(found?.passwordHash, body.password);
    if (!right || !found?.user.active) {
      await guard.failed(email, addressOf(req));
      return again(WRONG, 401);
    }
    await guard.succeeded(email);

    const now = clock();
    const old = pageLocals(res).expired ?? pageLocals(res).viewer?.session;
    if (old) await endSession(db, old.id);
    await pruneSessions(db, new Date(now.getTime() - deps.idleMs - KEEP_EXPIRED_MS));
    const { token } = await createSession(db, found.user.id, isTimeZone(body.tz) ? body.tz : undefined, now);
    setSessionCookie(req, res, deps, token);
    // The form's page takes the draft, and only for the person who typed it.
    res.redirect(303, afterSignIn(next, body.draft));
  });

  router.post('/sign-out', async (req, res) => {
    const session = pageLocals(res).viewer?.session;
    if (session) await endSession(db, session.id);
    clearSessionCookie(req, res, deps);
    const token = ensureFormToken(req, res, deps);
    sendPage(res, SignInPage({ csrfToken: token, notice: 'You have signed out.' }));
  });

  return router;
}
