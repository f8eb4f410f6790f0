/**
 * The Express app: hardening, authentication, the permission table, idempotency, the routes and
 * the error handler, with every dependency passed in.
 */
import path from 'node:path';
import express from 'express';
import type { Client } from '@temporalio/client';
import { consoleRoutes, DEFAULT_SESSION_IDLE_MS, type ConsoleOptions } from '../console/app';
import type { Db } from '../store/db';
import { authenticate } from '../api/auth/authenticate';
import { authorize, maySeeCase } from '../api/auth/authorize';
import { failedKeyGuard } from '../api/auth/failed-keys';
import { createCaseService } from '../api/case-service';
import { DEFAULT_DOCUMENT_MAX_BYTES, type DocumentStorage } from '../api/document-files';
import { errorHandler } from '../api/error-handler';
import { idempotency, type Clock } from '../api/idempotency';
import { notFound } from '../api/problem';
import { apiKeyRoutes } from '../api/routes/api-keys';
import { auditRoutes } from '../api/routes/audit';
import { calendarRoutes } from '../api/routes/calendars';
import { caseCommandRoutes } from '../api/routes/case-commands';
import { caseRoutes } from '../api/routes/cases';
import { YAML_TYPES } from '../api/schemas/definitions';
import { definitionRoutes } from '../api/routes/definitions';
import { docsRoutes } from '../api/routes/docs';
import { documentRoutes } from '../api/routes/documents';
import { healthRoutes } from '../api/routes/health';
import { outboxRoutes } from '../api/routes/outbox';
import { reportRoutes } from '../api/routes/reports';
import { userRoutes } from '../api/routes/users';
import { peopleRoutes } from '../api/routes/people';
import { workRoutes } from '../api/routes/work';
import { createWorkService } from '../api/work-service';
import { contentTypes, corsPolicy, DEFAULT_SECURITY, rateLimitPerKey, securityHeaders, type SecurityOptions } from '../api/security';
import { createCaseReopener } from '../api/case-reopen';
import { createAnnotator } from '../api/case-annotations';
import { createCaseLinker } from '../api/case-links';
import { createLegalHolds } from '../api/legal-holds';
import { createCasePurger } from '../api/case-purge';
import { caseLifecycleRoutes } from '../api/routes/case-lifecycle';
import { retentionRoutes } from '../api/routes/retention';
import { exportRoutes } from '../api/routes/exports';
import { versionMoveRoutes } from '../api/routes/version-moves';
import { createVersionMover, type VersionMover } from '../api/version-moves';
import { SharedCountStore } from '../api/auth/shared-counts';
import { methodNotAllowed } from '../api/method-not-allowed';
import { OPERATIONS } from '../api/openapi/operations';
import { metricsHandler, type ApiMetrics } from '../api/observability/metrics';
import { errorSummary, requestContext, requestLog } from '../api/observability/request-log';
import type { Logger } from '../runtime/logger';
import type { Tracer } from '@opentelemetry/api';
import { requestSpans } from '../api/observability/tracing';

export interface AppDeps {
  client: Client;
  db: Db;
  taskQueue: string;
  historyLimit?: number;
  /** How long a command refused as busy is sent again before the API answers 503 (10 s when not given). */
  rolloverWaitMs?: number;
  log?: (err: unknown) => void;
  /** A JSON line per request, and the errors nothing else answers; without it, errors go to `log`. */
  logger?: Logger;
  /** The API's metrics, timed for every request; `serveHere` answers `GET /metrics` on this app, without a key. */
  metrics?: { api: ApiMetrics; serveHere: boolean };
  /** Makes a span of each request, in which the route's Temporal calls are traced. */
  tracer?: Tracer;
  /** How many proxies in front to trust for the client's address (X-Forwarded-For); none when not given. */
  trustProxy?: number;
  security?: SecurityOptions;
  /** Where uploaded documents go; `./data/documents` and 10 MiB each when not given. */
  documents?: DocumentStorage;
  /** The time idempotency records age by; the system clock when not given. */
  clock?: Clock;
  /** Domains a designer's fixed notification addresses may be in without an admin's approval; none when not given. */
  notifyAllowedDomains?: string[];
  /** The console's settings; http://localhost:3000, a 30-minute idle time and no mailer when not given. */
  console?: ConsoleOptions;
  /** How long this process's claim on a move job holds without renewal (MOVE_JOB_LEASE_SECONDS). */
  moveJobLeaseMs?: number;
}

/** The app, with the move jobs it runs: the process that listens resumes the unfinished ones (`moveJobs.watch()`). */
export type CaseworkApp = express.Express & { moveJobs: VersionMover };

const BODY_LIMIT = '1mb';

export function createApp(deps: AppDeps): CaseworkApp {
  const app = express();
  const security = deps.security ?? DEFAULT_SECURITY;
  const logger = deps.logger;
  const log = deps.log ?? (logger ? (err: unknown, req?: express.Request, res?: express.Response) => logger.error({ error: errorSummary(err), ...(req && res ? { requestId: req.id, ...requestContext(req, res) } : {}) }, 'request failed') : (err: unknown) => console.error(err));
  const cases = createCaseService(deps);
  const clock = deps.clock ?? (() => new Date());
  const work = createWorkService({ db: deps.db, cases, clock });
  const documentStorage = deps.documents ?? { dir: path.resolve('data', 'documents'), maxBytes: DEFAULT_DOCUMENT_MAX_BYTES };
  // The services of a case's life beyond one straight run, shared by the API's routes and the console's pages.
  const annotate = createAnnotator({ db: deps.db, cases, client: deps.client });
  const reopen = createCaseReopener({ ...deps, cases });
  const purge = createCasePurger({ client: deps.client, db: deps.db, storage: documentStorage });
  const mover = createVersionMover({ db: deps.db, cases, log, leaseMs: deps.moveJobLeaseMs });
  const link = createCaseLinker({ db: deps.db, annotate, clock });
  const legalHold = createLegalHolds({ db: deps.db, annotate });
  app.disable('x-powered-by');
  if (deps.trustProxy) app.set('trust proxy', deps.trustProxy);
  if (deps.logger) app.use(requestLog(deps.logger));
  if (deps.tracer) app.use(requestSpans(deps.tracer));
  if (deps.metrics) {
    app.use(deps.metrics.api.http);
    if (deps.metrics.serveHere) app.get('/metrics', metricsHandler(deps.metrics.api.registry));
  }
  app.use(securityHeaders());
  app.use(corsPolicy(security.corsOrigins));
  // The console's pages come before the API's key check: they take a session cookie, never a key.
  app.get('/', (_req, res) => res.redirect(303, '/app/'));
  app.use('/app', consoleRoutes({ publicUrl: 'http://localhost:3000', sessionIdleMs: DEFAULT_SESSION_IDLE_MS, ...deps.console, notifyAllowedDomains: deps.notifyAllowedDomains, db: deps.db, cases, clock: deps.clock ?? (() => new Date()), log, documents: documentStorage, lifecycle: { reopen, link, legalHold, purge, mover } }));
  app.use(methodNotAllowed(OPERATIONS));
  // Who is calling comes first: a request without a valid key has no body read, and the limit
  // then counts per key.
  // Counted in the database, so that the limits hold across API processes.
  app.use(authenticate(deps.db, failedKeyGuard(security, new SharedCountStore(deps.db, 'wrong-key'))));
  app.use(rateLimitPerKey(security.rateLimitPerMinute, new SharedCountStore(deps.db, 'rate')));
  app.use(contentTypes());
  app.use(express.json({ limit: BODY_LIMIT }));
  // YAML is read here too, so that an Idempotency-Key compares YAML bodies by their text.
  app.use(express.text({ type: YAML_TYPES, limit: BODY_LIMIT }));
  app.use(authorize({ db: deps.db, cases }));
  app.use(idempotency({ db: deps.db, log, clock: deps.clock, maySeeCase: (actor, id) => maySeeCase(deps.db, actor, id) }));

  // The commands come first: they are most of the requests, and each router before them would test
  // all its routes against every command's path. No other route has a command's method and path.
  app.use(caseCommandRoutes({ cases }));
  app.use(docsRoutes());
  app.use(healthRoutes({ client: deps.client, db: deps.db, namespace: deps.client.options.namespace }));
  app.use(caseRoutes({ cases, db: deps.db, clock: deps.clock }));
  app.use(documentRoutes({ cases, db: deps.db, storage: documentStorage }));
  app.use(outboxRoutes({ db: deps.db }));
  app.use(reportRoutes({ db: deps.db }));
  // Mounted before the definition routes: mounted after them, a large definition those refuse kept
  // the API from answering twice as long (measured by test/integration/designer-content.test.ts).
  app.use(caseLifecycleRoutes({ reopen, link, db: deps.db }));
  app.use(retentionRoutes({ db: deps.db, legalHold, purge }));
  app.use(versionMoveRoutes({ db: deps.db, mover }));
  app.use(exportRoutes({ db: deps.db, storage: documentStorage, annotate, purge }));
  app.use(definitionRoutes({ db: deps.db, notifyAllowedDomains: deps.notifyAllowedDomains ?? [] }));
  app.use(calendarRoutes({ db: deps.db, client: deps.client, rolloverWaitMs: deps.rolloverWaitMs }));
  app.use(userRoutes({ db: deps.db, work }));
  app.use(workRoutes({ db: deps.db, work, clock }));
  app.use(peopleRoutes({ db: deps.db, work, clock }));
  app.use(apiKeyRoutes({ db: deps.db }));
  app.use(auditRoutes({ db: deps.db }));

  app.use((req, _res, next) => next(notFound(`${req.method} ${req.path}`)));
  app.use(errorHandler(log));
  return Object.assign(app, { moveJobs: mover });
}
