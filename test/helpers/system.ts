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
import type { Worker } from '@temporalio/worker';
import { createApp } from '../../api/app';
import { close, listen } from '../../api/server';
import { canonicalHash } from '../../definitions/loader';
import type { DefinitionInput } from '../../definitions/schema';
import { definitionSchema } from '../../definitions/schema';
import { createMailer } from '../../runtime/mailer';
import { createSmtpSink, type SmtpSink } from '../../runtime/smtp-sink';
import { openDb, type Db } from '../../store/db';
import { saveDefinitionVersion } from '../../store/definitions';
import { createWorker } from '../../worker/create-worker';
import { getBundle, getEnv } from './temporal-env';

export interface TestSystem {
  url: string;
  db: Db;
  env: TestWorkflowEnvironment;
  worker: Worker;
  taskQueue: string;
  dataDir: string;
  /** The mail sink the worker sends to; undefined when the test named its own SMTP server. */
  smtp?: SmtpSink;
  http: Http;
  stop(): Promise<void>;
}

export interface Reply {
  status: number;
  body: any;
  headers: Headers;
}

export interface Http {
  get(path: string): Promise<Reply>;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  put(path: string, body: unknown, headers?: Record<string, string>): Promise<Reply>;
}

export function httpClient(base: string): Http {
  const call = async (method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> => {
    const isText = typeof body === 'string';
    const res = await fetch(base + p, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': isText ? 'application/yaml' : 'application/json' }), ...headers },
      body: body === undefined ? undefined : isText ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  return {
    get: (p) => call('GET', p),
    post: (p, body, headers) => call('POST', p, body ?? {}, headers),
    put: (p, body, headers) => call('PUT', p, body, headers),
  };
}

let queues = 0;

export async function publishDefinition(db: Db, input: DefinitionInput) {
  const definition = definitionSchema.parse(input);
  return saveDefinitionVersion(db, definition, canonicalHash(definition), 'test');
}

export async function startSystem(options: { definitions?: DefinitionInput[]; smtpUrl?: string; historyLimit?: number } = {}): Promise<TestSystem> {
  const env = await getEnv();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-test-'));
  const db = await openDb({ dataDir });
  for (const d of options.definitions ?? []) await publishDefinition(db, d);
  const taskQueue = `test-${process.pid}-${++queues}`;
  const smtp = options.smtpUrl ? undefined : createSmtpSink();
  await smtp?.start(0);
  const mailer = createMailer(options.smtpUrl ?? smtp!.url, 'Casework <casework@localhost>');
  const worker = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    deps: { db, mailer },
    workflowBundle: await getBundle(),
  });
  const running = worker.run();
  const server: Server = await listen(createApp({ client: env.client, db, taskQueue, historyLimit: options.historyLimit }), 0, '127.0.0.1');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    db,
    env,
    worker,
    taskQueue,
    dataDir,
    smtp,
    http: httpClient(url),
    async stop() {
      await close(server);
      worker.shutdown();
      await running;
      mailer.close();
      await smtp?.stop();
      await db.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
