/**
 * The API's Prometheus metrics: HTTP requests by route, method and status with their latency,
 * case commands by type and outcome, and the read model's case gauges, read when scraped.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from '../../store/db';
import { readCaseGauges } from '../../store/gauges';
import { CASE_COMMANDS } from '../schemas/case-commands';

export interface ApiMetrics {
  registry: Registry;
  /** Times every request and counts it under the route that matched it (`unmatched` when none did), and each case command by its outcome. */
  http: RequestHandler;
}

/** The command each command route sends, by its route; opening a case is `open`. */
const COMMAND_ROUTES = new Map<string, string>([['/cases', 'open'], ...CASE_COMMANDS.map((c): [string, string] => [c.path, c.update.name])]);

/** A command's outcome, from the status it was answered with. */
export function commandOutcome(status: number): string {
  if (status < 400) return 'accepted';
  const named: Record<number, string> = { 400: 'invalid', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 413: 'invalid', 415: 'invalid', 422: 'invalid', 429: 'limited', 503: 'busy' };
  return named[status] ?? (status >= 500 ? 'error' : 'refused');
}

/** Seconds; a command waits for Temporal and the recording, a read for the database. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createApiMetrics(db: Db): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'casework_api_' });
  const requests = new Counter({ name: 'casework_http_requests_total', help: 'HTTP requests answered, by route, method and status', labelNames: ['route', 'method', 'status'], registers: [registry] });
  const latency = new Histogram({ name: 'casework_http_request_duration_seconds', help: 'Time to answer an HTTP request, by route, method and status', labelNames: ['route', 'method', 'status'], buckets: LATENCY_BUCKETS, registers: [registry] });
  const commands = new Counter({ name: 'casework_commands_total', help: 'Case commands sent through the API, by command and outcome', labelNames: ['command', 'outcome'], registers: [registry] });
  const gauges = () => readCaseGauges(db);
  // Each scrape reads the read model once; the gauges share that read.
  let reading: Promise<Awaited<ReturnType<typeof gauges>>> | undefined;
  const shared = () => (reading ??= gauges().finally(() => setImmediate(() => (reading = undefined))));
  new Gauge({
    name: 'casework_open_cases',
    help: 'Open cases (not closed) by phase and risk level',
    labelNames: ['phase', 'risk'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of (await shared()).openCases) this.set({ phase: row.phase, risk: row.risk }, row.count);
    },
  });
  new Gauge({ name: 'casework_breached_cases', help: 'Open cases with a deadline passed', registers: [registry], async collect() { this.set((await shared()).breachedCases); } });
  new Gauge({ name: 'casework_outbox_backlog', help: 'Notifications waiting to be sent', registers: [registry], async collect() { this.set((await shared()).outboxBacklog); } });
  new Gauge({ name: 'casework_read_model_cases_behind', help: 'Cases whose read model is behind their workflow and not brought up to date (npm run read-model:check)', registers: [registry], async collect() { this.set((await shared()).readModelCasesBehind); } });
  new Gauge({ name: 'casework_outbox_oldest_age_seconds', help: 'Age of the oldest notification waiting to be sent, 0 when none waits', registers: [registry], async collect() { this.set((await shared()).outboxOldestAgeSeconds); } });

  const http = (req: Request, res: Response, next: NextFunction): void => {
    const stop = latency.startTimer();
    res.once('finish', () => {
      const labels = { route: routeOf(req), method: req.method, status: String(res.statusCode) };
      requests.inc(labels);
      stop(labels);
      const command = req.method === 'POST' ? COMMAND_ROUTES.get(labels.route) : undefined;
      if (command) commands.inc({ command, outcome: commandOutcome(res.statusCode) });
    });
    next();
  };
  return { registry, http };
}

/** The route's pattern, never the path itself, so case ids do not become label values. */
export function routeOf(req: Request): string {
  return req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
}

/** Serves a registry's metrics in Prometheus's text format. */
export function metricsHandler(registry: Registry): RequestHandler {
  return async (_req, res, next) => {
    try {
      res.type(registry.contentType).send(await registry.metrics());
    } catch (err) {
      next(err);
    }
  };
}
