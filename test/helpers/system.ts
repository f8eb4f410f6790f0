/**
 * The whole system for one test: a temporary database, a worker on its own task queue, and the
 * Express app on a free port, all against the shared real Temporal dev server. Driven over HTTP.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker, WorkflowBundleOption } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import { createApiMetrics } from '../../api/observability/metrics';
import { testLogger } from './log-capture';
import type express from 'express';
import { createApp } from '../../server/app';
import { DEFAULT_DOCUMENT_MAX_BYTES } from '../../api/document-files';
import { ensureAdmin } from '../../api/auth/ensure-admin';
import { DEFAULT_SECURITY, type SecurityOptions } from '../../api/security';
import type { Role } from '../../common/phases';
import { close, listen } from '../../server/listen';
import { canonicalHash } from '../../definitions/loader';
import type { DefinitionInput } from '../../common/definition-schema';
import { definitionSchema } from '../../common/definition-schema';
import { createMailer } from '../../runtime/mailer';
import { createSmtpSink, type SmtpSink } from '../../runtime/smtp-sink';
import { createApiKey } from '../../store/api-keys';
import { openDb, type Db } from '../../store/db';
import { saveDefinitionVersion } from '../../store/definitions';
import { saveUser } from '../../store/users';
import { createWorker } from '../../worker/create-worker';
import type { ConsoleOptions } from '../../console/app';
import type { DatabaseKind } from './databases';
import { createDatabase, dropDatabase } from './postgres';
import { payloadProbeSinks } from './payload-sizes';
import { getBundle, getEnv, getTimeSkippingEnv } from './temporal-env';

export interface TestSystem {
  url: string;
  db: Db;
  env: TestWorkflowEnvironment;
  worker: Worker;
  taskQueue: string;
  dataDir: string;
  /** The read model's PostgreSQL database, when it is on PostgreSQL. */
  databaseUrl?: string;
  /** The mail sink the worker sends to; undefined when the test named its own SMTP server. */
  smtp?: SmtpSink;
  /** The app itself, to look at its routes. */
  app: express.Express;
  /** The first admin, made as on a fresh start; `http` calls as this user. */
  admin: TestUser;
  http: Http;
  /** Calls as another user, or with a raw key. */
  as(who: TestUser | string): Http;
  /** Adds a user with an API key. */
  addUser(spec: UserSpec): Promise<TestUser>;
  /** Stops the worker: its cases wait on their task queue. */
  stopWorker(): Promise<void>;
  /** Starts a worker on the task queue of the one stopped, running `bundle` (the tests' own by default): with another version's bundle before, an upgrade. */
  startWorker(bundle?: WorkflowBundleOption): Promise<void>;
  /** The API's clock: the system time, moved forward by what `advance` added. */
  clock: TestClock;
  stop(): Promise<void>;
}

export interface TestClock {
  (): Date;
  /** Moves the API's time forward, so what it keeps for a while (idempotency records) ages at once. */
  advance(ms: number): void;
}

function testClock(): TestClock {
  let offset = 0;
  const clock = () => new Date(Date.now() + offset);
  return Object.assign(clock, { advance: (ms: number) => void (offset += ms) });
}

export interface UserSpec {
  id?: string;
  roles: Role[];
  teams?: string[];
  active?: boolean;
}

export interface TestUser {
  id: string;
  key: string;
  keyId: string;
  roles: Role[];
  teams: string[];
}

export interface Reply {
  status: number;
  body: any;
  headers: Headers;
}

export interface Http {
  get(path: string, headers?: Record<string, string>): Promise<Reply>;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  put(path: string, body: unknown, headers?: Record<string, string>): Promise<Reply>;
  patch(path: string, body: unknown, headers?: Record<string, string>): Promise<Reply>;
  delete(path: string, headers?: Record<string, string>): Promise<Reply>;
  /** A body sent as it is, with the headers given: for what the API must refuse. */
  raw(method: string, path: string, body: string | Uint8Array | undefined, headers: Record<string, string>): Promise<Reply>;
}

/** An HTTP client for the API; with a key, every request carries it unless the headers replace it. */
export function httpClient(base: string, apiKey?: string): Http {
  const auth: Record<string, string> = apiKey ? { authorization: `Bearer ${apiKey}` } : {};
  const send = async (method: string, p: string, body: string | Uint8Array | undefined, headers: Record<string, string>): Promise<Reply> => {
    // The DOM's fetch types (which the console's templates bring in) take only bytes over a plain ArrayBuffer.
    const res = await fetch(base + p, { method, headers: { ...auth, ...headers }, body: body as string | Uint8Array<ArrayBuffer> | undefined });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  const call = (method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> => {
    const isText = typeof body === 'string';
    const type: Record<string, string> = body === undefined ? {} : { 'content-type': isText ? 'application/yaml' : 'application/json' };
    return send(method, p, body === undefined ? undefined : isText ? body : JSON.stringify(body), { ...type, ...headers });
  };
  return {
    get: (p, headers) => call('GET', p, undefined, headers),
    post: (p, body, headers) => call('POST', p, body ?? {}, headers),
    put: (p, body, headers) => call('PUT', p, body, headers),
    patch: (p, body, headers) => call('PATCH', p, body, headers),
    delete: (p, headers) => call('DELETE', p, undefined, headers),
    raw: (method, p, body, headers) => send(method, p, body, headers),
  };
}

let users = 0;

/** A user with the given roles and teams (team-a by default) and an API key of their own. */
export async function addTestUser(db: Db, spec: UserSpec): Promise<TestUser> {
  const id = spec.id ?? `${spec.roles.join('-') || 'nobody'}-${++users}`;
  const teams = spec.teams ?? ['team-a'];
  await saveUser(db, { id, name: id, email: `${id}@example.org`, roles: spec.roles, teams, active: spec.active ?? true });
  const made = await createApiKey(db, id, `key of ${id}`);
  return { id, key: made.key, keyId: made.id, roles: spec.roles, teams };
}

let queues = 0;

export interface SystemOptions {
  definitions?: DefinitionInput[];
  smtpUrl?: string;
  historyLimit?: number;
  /** The API's ROLLOVER_WAIT_MS. */
  rolloverWaitMs?: number;
  security?: Partial<SecurityOptions>;
  documentMaxBytes?: number;
  notifyAllowedDomains?: string[];
  /** The console's settings beyond the defaults: its public address is the system's own, its mail goes to the sink. */
  console?: Partial<ConsoleOptions>;
  /** The read model's database: a SQLite file in the data directory (the default), or a new database on the run's PostgreSQL server. */
  database?: DatabaseKind;
  /**
   * `time-skipping` runs the system against Temporal's time-skipping test server, where
   * `sys.env.sleep(…)` moves the clock: for tests whose point is time passing. Tests sharing that
   * server's clock run one at a time, as mocha runs them.
   */
  clock?: 'real' | 'time-skipping';
  /** The workflow code the worker runs: the tests' bundle of today's code unless given (say, an earlier version's). */
  workflowBundle?: WorkflowBundleOption;
  /** Serves the API's metrics at `/metrics`, as `npm run api` does by default. */
  metrics?: boolean;
  /** The Temporal client the API uses: the test server's unless given. */
  client?: Client;
}

export async function publishDefinition(db: Db, input: DefinitionInput) {
  const definition = definitionSchema.parse(input);
  return saveDefinitionVersion(db, definition, canonicalHash(definition), { id: 'test', teams: 'any', approves: true });
}

export async function startSystem(
  options: SystemOptions = {},
): Promise<TestSystem> {
  const env = await (options.clock === 'time-skipping' ? getTimeSkippingEnv() : getEnv());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-test-'));
  // `npm run test:postgres` runs every system's read model on PostgreSQL.
  const database = options.database ?? (process.env.CASEWORK_TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite');
  const databaseUrl = database === 'postgres' ? await createDatabase() : undefined;
  const db = await openDb({ dataDir, databaseUrl });
  for (const d of options.definitions ?? []) await publishDefinition(db, d);
  const taskQueue = `test-${process.pid}-${++queues}`;
  const smtp = options.smtpUrl ? undefined : createSmtpSink();
  await smtp?.start(0);
  const mailer = createMailer(options.smtpUrl ?? smtp!.url, 'Casework <casework@localhost>');
  const startWorker = async (bundle?: WorkflowBundleOption) =>
    createWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      deps: { db, mailer },
      workflowBundle: bundle ?? (await getBundle()),
      sinks: payloadProbeSinks,
    });
  let worker = await startWorker(options.workflowBundle);
  let running = worker.run();
  const first = await ensureAdmin(db, { security: {} }, () => undefined);
  if (!first?.key) throw new Error('a fresh database should have made its first admin');
  const admin: TestUser = { id: first.userId, key: first.key, keyId: first.keyId, roles: ['admin'], teams: ['default'] };
  // Tests send hundreds of requests a minute with one key, and wrong keys from one address; the
  // limits are tested with systems of their own.
  const security = { ...DEFAULT_SECURITY, rateLimitPerMinute: 100_000, authFailureLimit: 100_000, ...options.security };
  const documents = { dir: path.join(dataDir, 'documents'), maxBytes: options.documentMaxBytes ?? DEFAULT_DOCUMENT_MAX_BYTES };
  const clock = testClock();
  let url = '';
  const consoleOptions: ConsoleOptions = { publicUrl: () => url, sessionIdleMs: 30 * 60_000, mailer, ...options.console };
  const metrics = options.metrics ? { api: createApiMetrics(db), serveHere: true } : undefined;
  const app = createApp({ client: options.client ?? env.client, logger: testLogger('casework-api'), metrics, db, taskQueue, historyLimit: options.historyLimit, rolloverWaitMs: options.rolloverWaitMs, security, documents, clock, notifyAllowedDomains: options.notifyAllowedDomains, console: consoleOptions });
  const server: Server = await listen(app, 0, '127.0.0.1');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    db,
    env,
    get worker() {
      return worker;
    },
    taskQueue,
    dataDir,
    databaseUrl,
    smtp,
    app,
    admin,
    http: httpClient(url, admin.key),
    as: (who) => httpClient(url, typeof who === 'string' ? who : who.key),
    addUser: (spec) => addTestUser(db, spec),
    async stopWorker() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    },
    async startWorker(bundle) {
      if (worker.getState() !== 'STOPPED') throw new Error('stop the running worker first');
      worker = await startWorker(bundle);
      running = worker.run();
    },
    clock,
    async stop() {
      await close(server);
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      mailer.close();
      await smtp?.stop();
      await db.destroy();
      if (databaseUrl) await dropDatabase(databaseUrl);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
