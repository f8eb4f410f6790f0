/**
 * The Express app: hardening, authentication, the permission table, idempotency, the routes and
 * the error handler, with every dependency passed in.
 */
import path from 'node:path';
import express from 'express';
import type { Client } from '@temporalio/client';
import { consoleRoutes, DEFAULT_SESSION_IDLE_MS, type ConsoleOptions } from '../console/app';
import type { Db } from '../store/db';
import { authenticate } from './auth/authenticate';
import { authorize, maySeeCase } from './auth/authorize';
import { failedKeyGuard } from './auth/failed-keys';
import { createCaseService } from './case-service';
import { DEFAULT_DOCUMENT_MAX_BYTES, type DocumentStorage } from './document-files';
import { errorHandler } from './error-handler';
import { idempotency, type Clock } from './idempotency';
import { notFound } from './problem';
import { apiKeyRoutes } from './routes/api-keys';
import { auditRoutes } from './routes/audit';
import { calendarRoutes } from './routes/calendars';
import { caseCommandRoutes } from './routes/case-commands';
import { caseRoutes } from './routes/cases';
import { YAML_TYPES } from './schemas/definitions';
import { definitionRoutes } from './routes/definitions';
import { docsRoutes } from './routes/docs';
import { documentRoutes } from './routes/documents';
import { healthRoutes } from './routes/health';
import { outboxRoutes } from './routes/outbox';
import { reportRoutes } from './routes/reports';
import { userRoutes } from './routes/users';
import { contentTypes, corsPolicy, DEFAULT_SECURITY, rateLimitPerKey, securityHeaders, type SecurityOptions } from './security';

export interface AppDeps {
  client: Client;
  db: Db;
  taskQueue: string;
  historyLimit?: number;
  /** How long a command refused as busy is sent again before the API answers 503 (10 s when not given). */
  rolloverWaitMs?: number;
  log?: (err: unknown) => void;
  security?: SecurityOptions;
  /** Where uploaded documents go; `./data/documents` and 10 MiB each when not given. */
  documents?: DocumentStorage;
  /** The time idempotency records age by; the system clock when not given. */
  clock?: Clock;
  /** Domains a designer's fixed notification addresses may be in without an admin's approval; none when not given. */
  notifyAllowedDomains?: string[];
  /** The console's settings; http://localhost:3000, a 30-minute idle time and no mailer when not given. */
  console?: ConsoleOptions;
}

const BODY_LIMIT = '1mb';

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  const security = deps.security ?? DEFAULT_SECURITY;
  const log = deps.log ?? ((err) => console.error(err));
  const cases = createCaseService(deps);
  const documents = deps.documents ?? { dir: path.resolve('data', 'documents'), maxBytes: DEFAULT_DOCUMENT_MAX_BYTES };
  app.disable('x-powered-by');
  app.use(securityHeaders());
  app.use(corsPolicy(security.corsOrigins));
  // The console's pages come before the API's key check: they take a session cookie, never a key.
  app.get('/', (_req, res) => res.redirect(303, '/app/'));
  app.use('/app', consoleRoutes({ publicUrl: 'http://localhost:3000', sessionIdleMs: DEFAULT_SESSION_IDLE_MS, ...deps.console, db: deps.db, cases, clock: deps.clock ?? (() => new Date()), log, documents }));
  // Who is calling comes first: a request without a valid key has no body read, and the limit
  // then counts per key.
  app.use(authenticate(deps.db, failedKeyGuard(security)));
  app.use(rateLimitPerKey(security.rateLimitPerMinute));
  app.use(contentTypes());
  app.use(express.json({ limit: BODY_LIMIT }));
  // YAML is read here too, so that an Idempotency-Key compares YAML bodies by their text.
  app.use(express.text({ type: YAML_TYPES, limit: BODY_LIMIT }));
  app.use(authorize({ db: deps.db, cases }));
  app.use(idempotency({ db: deps.db, log, clock: deps.clock, maySeeCase: (actor, id) => maySeeCase(deps.db, actor, id) }));

  app.use(docsRoutes());
  app.use(healthRoutes({ client: deps.client, db: deps.db, namespace: deps.client.options.namespace }));
  app.use(caseRoutes({ cases, db: deps.db }));
  app.use(documentRoutes({ cases, db: deps.db, storage: documents }));
  app.use(outboxRoutes({ db: deps.db }));
  app.use(reportRoutes({ db: deps.db }));
  app.use(definitionRoutes({ db: deps.db, notifyAllowedDomains: deps.notifyAllowedDomains ?? [] }));
  app.use(calendarRoutes({ db: deps.db }));
  app.use(caseCommandRoutes({ cases }));
  app.use(userRoutes({ db: deps.db }));
  app.use(apiKeyRoutes({ db: deps.db }));
  app.use(auditRoutes({ db: deps.db }));

  app.use((req, _res, next) => next(notFound(`${req.method} ${req.path}`)));
  app.use(errorHandler(log));
  return app;
}
