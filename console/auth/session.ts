/**
 * Who is asking for a page, and whether a posted form is theirs. Runs before every console route:
 * finds the page's rule in the API's permission table (an unlisted page is refused to everyone),
 * reads the session cookie, checks the anti-forgery token of every form posted, and sends a
 * signed-out person to the sign-in page and back. The API's own authorize step runs next.
 */
import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { findPermission } from '../../api/auth/permissions';
import { HttpError, notFound } from '../../api/problem';
import type { Db } from '../../store/db';
import { saveFormDraft } from '../../store/form-drafts';
import { findSession, touchSession, type Session } from '../../store/sessions';
import { getUser } from '../../store/users';
import { pageLocals } from '../context';
import { REFRESH_HEADER } from '../templates/live';
import { backPath, signInPath } from '../paths';
import { cookieNames, readCookies, type CookieSettings } from './cookies';

export interface SessionDeps extends CookieSettings {
  db: Db;
  clock: () => Date;
  /** A session ends after this long without a request. */
  idleMs: number;
}

/** Refreshing last-seen on every request would write on every page; once a minute is close enough. */
const TOUCH_AFTER_MS = 60_000;

/** A form whose anti-forgery token is missing or not this browser's. */
export class FormRefused extends HttpError {
  constructor() {
    super(403, 'Form Refused', 'the form came without its anti-forgery token, or with one that is not this session’s');
  }
}

export function sameToken(sent: unknown, expected: string | undefined): boolean {
  if (typeof sent !== 'string' || !expected) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const fieldsOf = (body: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(body).filter(([k, v]) => !k.startsWith('_') && (typeof v === 'string' || Array.isArray(v)))) as Record<string, string | string[]>;

/** Sends a browser elsewhere: a redirect, or for an htmx request the header htmx follows. */
export function goTo(req: Request, res: Response, location: string): void {
  if (req.get('HX-Request')) res.set('HX-Redirect', location).status(204).end();
  else res.redirect(303, location);
}

export function consoleSession(deps: SessionDeps) {
  const liveSession = async (token: string | undefined, now: Date) => {
    const session = token ? await findSession(deps.db, token) : undefined;
    if (!session) return {};
    const idle = now.getTime() - Date.parse(session.lastSeenAt) >= deps.idleMs;
    const user = idle ? undefined : await getUser(deps.db, session.userId);
    return user?.active ? { session, user } : { expired: session };
  };

  /** A form whose session expired, with this browser's token for it: kept, to be shown filled in after signing in. */
  const keepDraft = async (req: Request, res: Response, expired: Session, now: Date) => {
    const back = backPath(req.body?._back);
    const draft = back ? await saveFormDraft(deps.db, expired.userId, { page: back, fields: fieldsOf(req.body) }, now) : undefined;
    goTo(req, res, signInPath(back, draft));
  };

  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const locals = pageLocals(res);
    const path = req.baseUrl + req.path;
    locals.permission = findPermission(req.method, path);
    if (!locals.permission) return next(notFound(`the page ${path}`));
    const isPublic = locals.permission.permission.access === 'public';

    const now = deps.clock();
    const cookies = readCookies(req);
    const names = cookieNames(req, deps);
    const { session, user, expired } = await liveSession(cookies[names.session], now);
    locals.formToken = cookies[names.form];
    if (session && user) {
      // A page refreshing its parts by itself is not the person at work: an open page left alone still ends its session.
      const refresh = req.get(REFRESH_HEADER) === 'true';
      if (!refresh && now.getTime() - Date.parse(session.lastSeenAt) >= TOUCH_AFTER_MS) await touchSession(deps.db, session.id, now);
      locals.viewer = { user, session, timeZone: session.timeZone ?? 'UTC' };
      locals.actor = { id: user.id, roles: user.roles, teams: user.teams };
    }
    locals.expired = expired;

    if (req.method === 'POST') {
      // A form with a file is sent as multipart, which is read only by the route that takes it: its
      // token comes in the form's address instead.
      const sent = req.is('multipart/form-data') ? req.query._csrf : req.body?._csrf;
      if (session) {
        if (!sameToken(sent, session.csrfToken)) return next(new FormRefused());
      } else if (isPublic) {
        if (!sameToken(sent, locals.formToken)) return next(new FormRefused());
      } else if (expired && sameToken(sent, expired.csrfToken)) {
        return keepDraft(req, res, expired, now);
      } else {
        // Nobody is signed in and the form is not recognised: nothing is done, nothing kept.
        return goTo(req, res, signInPath(backPath(req.body?._back)));
      }
    }
    if (!isPublic && !session) return goTo(req, res, signInPath(req.method === 'GET' ? backPath(req.originalUrl) : undefined));
    next();
  };
}
