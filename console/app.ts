/**
 * The console: web pages for the people who work cases, served under /app/ by the same Express app
 * as the API. Pages go through the API's permission table and authorize step, and call the same
 * services and store functions as the API routes; session cookies are read here only, never by the
 * JSON API, which takes bearer keys alone.
 */
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { authorize } from '../api/auth/authorize';
import type { CaseService } from '../api/case-service';
import type { DocumentStorage } from '../api/document-files';
import type { VersionMover } from '../api/version-moves';
import type { LifecycleServices } from './lifecycle-actions';
import { toHttpError } from '../api/error-handler';
import { notFound } from '../api/problem';
import type { Mailer } from '../runtime/mailer';
import type { Db } from '../store/db';
import { FormRefused, consoleSession } from './auth/session';
import { DEFAULT_GUARD, signInGuard } from './auth/sign-in-guard';
import { csrfTokenOf, pageLocals } from './context';
import { sendPage } from './render';
import { caseListRoutes } from './routes/case-list';
import { dashboardRoutes } from './routes/dashboard';
import { boardRoutes } from './routes/board';
import { teamRoutes } from './routes/team';
import { definitionStudioRoutes } from './routes/definitions-studio';
import { versionMovePageRoutes } from './routes/version-moves';
import { reportsRoutes } from './routes/reports';
import { casePageRoutes } from './routes/case-page';
import { myWorkRoutes } from './routes/my-work';
import { getNextRoutes } from './routes/get-next';
import { personRoutingRoutes } from './routes/person-routing';
import { newCaseRoutes } from './routes/new-case';
import { passwordRoutes } from './routes/password';
import { peopleRoutes } from './routes/people';
import { signInRoutes } from './routes/sign-in';
import { staticAssets } from './static-assets';
import { ErrorPage, FormRefusedPage } from './templates/errors';

export interface ConsoleOptions {
  /** Where people reach the console, for links in e-mails; no trailing slash. A function when it is known only once the server listens. */
  publicUrl: string | (() => string);
  /** A session ends after this long without a request. */
  sessionIdleMs: number;
  /** Sends the e-mails with password links; without one, none can be sent. */
  mailer?: Mailer;
  /** Failed sign-ins before waits begin, per e-mail and per address. */
  guard?: { freePerAccount: number; freePerAddress: number };
  /** Domains a designer's fixed notification addresses may be in without an admin's approval, as for the API. */
  notifyAllowedDomains?: readonly string[];
}

export interface ConsoleDeps extends ConsoleOptions {
  db: Db;
  cases: CaseService;
  clock: () => Date;
  log: (err: unknown) => void;
  /** Where uploaded documents are kept: the API's own storage. */
  documents: DocumentStorage;
  /** The services the API's routes of a case's life beyond one run call: the case page calls them too. */
  lifecycle: LifecycleServices & { mover: VersionMover };
}

export const DEFAULT_SESSION_IDLE_MS = 30 * 60_000;
const FORM_LIMIT = '256kb';

function consoleErrors(log: (err: unknown) => void) {
  return (err: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    const viewer = pageLocals(res).viewer;
    const csrfToken = csrfTokenOf(res);
    if (err instanceof FormRefused) return sendPage(res, FormRefusedPage({ viewer, csrfToken }), 403);
    const http = toHttpError(err);
    if (!http) log(err);
    const status = http?.status ?? 500;
    // Refusals say why in words meant for the person; other failures keep their internals to the log.
    const detail = status === 403 || status === 409 ? http?.message : undefined;
    sendPage(res, ErrorPage({ status, viewer, csrfToken, detail }), status);
  };
}

/**
 * Pages load script and style from this server only, and no page may be framed. Stricter than the
 * API's default in one way that matters: no inline script or style at all.
 */
function pagePolicy(req: Request, res: Response, next: NextFunction): void {
  const directives = ["default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'", "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'", "object-src 'none'"];
  if (req.secure) directives.push('upgrade-insecure-requests');
  res.set('Content-Security-Policy', directives.join('; '));
  next();
}

export function consoleRoutes(deps: ConsoleDeps): Router {
  const router = Router();
  const publicUrl = typeof deps.publicUrl === 'function' ? deps.publicUrl : () => deps.publicUrl as string;
  const { db, cases, clock } = deps;
  const cookies = { publicUrl };
  const guard = signInGuard({ ...(deps.guard ?? DEFAULT_GUARD), clock, db });

  router.use(pagePolicy);
  router.use(express.urlencoded({ extended: false, limit: FORM_LIMIT, parameterLimit: 1000 }));
  router.use(consoleSession({ db, clock, idleMs: deps.sessionIdleMs, ...cookies }));
  router.use(authorize({ db, cases }));

  router.use(staticAssets());
  router.use(signInRoutes({ db, clock, guard, idleMs: deps.sessionIdleMs, ...cookies }));
  router.use(passwordRoutes({ db, clock, ...cookies }));
  router.use(myWorkRoutes({ db, clock }));
  router.use(getNextRoutes({ db, cases, clock }));
  router.use(newCaseRoutes({ db, cases }));
  router.use(caseListRoutes({ db, clock }));
  router.use(casePageRoutes({ db, cases, clock, storage: deps.documents, lifecycle: deps.lifecycle }));
  router.use(peopleRoutes({ db, clock, mailer: deps.mailer, publicUrl }));
  router.use(personRoutingRoutes({ db, cases, clock }));
  router.use(dashboardRoutes({ db, clock }));
  router.use(boardRoutes({ db, cases, clock }));
  router.use(teamRoutes({ db, cases, clock }));
  router.use(versionMovePageRoutes({ db, mover: deps.lifecycle.mover }));
  router.use(definitionStudioRoutes({ db, clock, notifyAllowedDomains: deps.notifyAllowedDomains }));
  router.use(reportsRoutes({ db, clock }));

  router.use((req, _res, next) => next(notFound(`the page ${req.originalUrl}`)));
  router.use(consoleErrors(deps.log));
  return router;
}
