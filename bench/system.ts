/**
 * Everything the benchmark measures, on loopback: Temporal's dev server (unless TEMPORAL_ADDRESS
 * names one), the case worker and the baseline's worker in processes of their own, so their
 * memory and CPU can be read apart, a mail sink, and the API as `npm run api` runs it.
 */
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createSmtpSink } from '../runtime/smtp-sink';
import { startDevServer } from '../scripts/dev-server';
import { ensureTemporalCli } from '../scripts/provision-temporal';
import { openDb, type DbOptions } from '../store/db';
import { publishBenchDefinition } from './definition';
import { apiClient, type Api } from './http';
import { freePort } from '../runtime/free-port';
import { spawnNode, unexpectedExit, waitFor, type Child } from './procs';
import { readModelEnv } from './read-model';
import type { Teardown } from './teardown';

export const NAMESPACE = 'default';
const STARTUP_MS = 180_000;

export interface BenchSystem {
  address: string;
  client: Client;
  /** The dev server's process id; undefined against an external cluster. */
  serverPid?: number;
  worker: Child;
  noopWorker: Child;
  api: Child;
  http: Api;
  caseQueue: string;
  noopQueue: string;
  /** Rejects if a process the benchmark needs ends before the benchmark stops it. */
  failed: Promise<never>;
}

export interface SystemOptions {
  tmp: string;
  apiKey: string;
  cacheSize: number;
  concurrency: number;
}

async function hasPoller(client: Client, queue: string): Promise<boolean> {
  const res = await client.workflowService.describeTaskQueue({ namespace: NAMESPACE, taskQueue: { name: queue }, taskQueueType: 1 });
  return res.pollers.length > 0;
}

/** Starts `npm run api` on a free port against the read model, and waits until it answers. */
export async function startApi(t: Teardown, name: string, o: SystemOptions & { readModel: DbOptions; address: string; taskQueue: string }) {
  const port = await freePort();
  const api = spawnNode(name, 'server/main.ts', {
    PORT: String(port),
    HOST: '127.0.0.1',
    ...readModelEnv(o.readModel),
    TEMPORAL_ADDRESS: o.address,
    TEMPORAL_NAMESPACE: NAMESPACE,
    TASK_QUEUE: o.taskQueue,
    ADMIN_API_KEY: o.apiKey,
    // The driver is one client sending thousands of requests a minute, on purpose.
    RATE_LIMIT_PER_MINUTE: '100000000',
    LOG_LEVEL: 'warn',
  }, path.join(o.tmp, `${name.replace(/\W+/g, '-')}.log`));
  t.add(name, api.stop);
  const http = apiClient(`http://127.0.0.1:${port}`, o.apiKey, o.concurrency * 2);
  t.add(`${name} connections`, http.close);
  await waitFor(`${name} answering`, async () => (await http.get('/health')).status === 200, STARTUP_MS, api);
  return { api, http };
}

/** Temporal's dev server on free ports, unless TEMPORAL_ADDRESS names a server to use. */
export async function startTemporal(t: Teardown, tmp: string): Promise<{ address: string; serverPid?: number; watched: Parameters<typeof unexpectedExit>[0] }> {
  const external = process.env.TEMPORAL_ADDRESS;
  if (external) return { address: external, watched: [] };
  const server = await startDevServer({
    cli: ensureTemporalCli(),
    dbFile: path.join(tmp, 'temporal', 'temporal.db'),
    port: await freePort(),
    uiPort: await freePort(),
    namespace: NAMESPACE,
    logFile: path.join(tmp, 'temporal-server.log'),
  });
  t.add('the Temporal dev server', server.stop);
  return { address: server.address, serverPid: server.process.pid, watched: [{ name: 'the Temporal dev server', process: server.process, logFile: path.join(tmp, 'temporal-server.log') }] };
}

export async function startSystem(t: Teardown, o: SystemOptions & { readModel: DbOptions }): Promise<BenchSystem> {
  const { address, serverPid, watched } = await startTemporal(t, o.tmp);
  const connection = await Connection.connect({ address });
  t.add('the Temporal client', () => connection.close());
  const client = new Client({ connection, namespace: NAMESPACE });

  // Migrations and the definition go in before any other process opens the database.
  const db = await openDb(o.readModel);
  await publishBenchDefinition(db);
  await db.destroy();

  const sink = createSmtpSink();
  await sink.start(0);
  t.add('the mail sink', () => sink.stop());

  const suffix = `${process.pid}-${Date.now()}`;
  const caseQueue = `bench-cases-${suffix}`;
  const noopQueue = `bench-noop-${suffix}`;
  const cache = String(o.cacheSize);
  const worker = spawnNode('case worker', 'worker/main.ts', {
    ...readModelEnv(o.readModel),
    TEMPORAL_ADDRESS: address,
    TEMPORAL_NAMESPACE: NAMESPACE,
    TASK_QUEUE: caseQueue,
    SMTP_URL: sink.url,
    WORKFLOW_CACHE_SIZE: cache,
    LOG_LEVEL: 'warn',
  }, path.join(o.tmp, 'case-worker.log'));
  t.add('the case worker', worker.stop);
  const noopWorker = spawnNode('baseline worker', 'bench/noop-worker.ts', {
    TEMPORAL_ADDRESS: address,
    TASK_QUEUE: noopQueue,
    WORKFLOW_CACHE_SIZE: cache,
  }, path.join(o.tmp, 'noop-worker.log'));
  t.add('the baseline worker', noopWorker.stop);

  const { api, http } = await startApi(t, 'api', { ...o, address, taskQueue: caseQueue });
  await waitFor('the case worker polling', () => hasPoller(client, caseQueue), STARTUP_MS, worker);
  await waitFor('the baseline worker polling', () => hasPoller(client, noopQueue), STARTUP_MS, noopWorker);
  let stopping = false;
  // Added last, so it runs first: from then on, a process ending is the benchmark stopping it.
  t.add('the watch on the processes', () => (stopping = true));
  const failed = unexpectedExit([...watched, worker, noopWorker, api], () => stopping);
  return { address, client, serverPid, worker, noopWorker, api, http, caseQueue, noopQueue, failed };
}
