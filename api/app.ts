/** The Express app: routes, validation and the error handler, with every dependency passed in. */
import express from 'express';
import type { Client } from '@temporalio/client';
import type { Actor } from '../common/case-types';
import type { Db } from '../store/db';
import { createCaseService } from './case-service';
import { errorHandler } from './error-handler';
import { notFound } from './problem';
import { caseCommandRoutes } from './routes/case-commands';
import { caseRoutes } from './routes/cases';
import { definitionRoutes } from './routes/definitions';
import { healthRoutes } from './routes/health';
import { outboxRoutes } from './routes/outbox';
import { reportRoutes } from './routes/reports';

export interface AppDeps {
  client: Client;
  db: Db;
  taskQueue: string;
  historyLimit?: number;
  log?: (err: unknown) => void;
}

const ANONYMOUS: Actor = { id: 'anonymous', roles: ['admin'] };

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '1mb' }));
  app.use((_req, res, next) => {
    res.locals.actor = ANONYMOUS;
    next();
  });

  const cases = createCaseService(deps);
  app.use(healthRoutes({ client: deps.client, db: deps.db, namespace: deps.client.options.namespace }));
  app.use(caseRoutes({ cases, db: deps.db }));
  app.use(outboxRoutes({ db: deps.db }));
  app.use(reportRoutes({ db: deps.db }));
  app.use(definitionRoutes({ db: deps.db }));
  app.use(caseCommandRoutes({ cases }));

  app.use((req, _res, next) => next(notFound(`${req.method} ${req.path}`)));
  app.use(errorHandler(deps.log ?? ((err) => console.error(err))));
  return app;
}
