/**
 * The system under fault: a Temporal dev server and workers as child processes that can be killed
 * and started again, an SMTP sink that can go down, and the API, in this process or as child
 * processes of its own. Everything listens on loopback, in a temporary data directory, on one
 * database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../server/app';
import { ensureAdmin } from '../api/auth/ensure-admin';
import { DEFAULT_SECURITY } from '../api/security';
import { close, listen } from '../server/listen';
import { createSmtpSink, type SmtpSink } from '../runtime/smtp-sink';
import { writeWorkflowBundle } from '../scripts/bundle-workflows';
import { startDevServer, type DevServer } from '../scripts/dev-server';
import { ensureTemporalCli } from '../scripts/provision-temporal';
import { openDb, type Db } from '../store/db';
import { freePort } from '../runtime/free-port';

/** How many of each part run. */
export interface ClusterShape {
  workers: number;
  /** 0: one API in this process; otherwise this many API processes. */
  apiProcesses: number;
  /** The APIs' CASE_HISTORY_LIMIT. */
  historyLimit?: number;
}

export interface Cluster {
  /** The first API. */
  url: string;
  /** Every API. */
  urls: string[];
  /** The prebuilt workflow bundle every worker runs, for replaying histories. */
  bundlePath: string;
  client: Client;
  /** Headers that authenticate as the run's admin. */
  headers: Record<string, string>;
  db: Db;
  smtp: SmtpSink;
  dataDir: string;
  /** Kills the workers in turn, one per call. */
  killWorker(): void;
  /** Stops the workers in turn, one per call, as a deployment does (SIGTERM: it finishes its tasks first). */
  restartWorker(): void;
  /** Stops the dev server (by SIGKILL when `hard`) and starts it again on the same file. */
  restartServer(hard: boolean, downMs: number): Promise<void>;
  workerStarts: number;
  stop(): Promise<void>;
}

const repoRoot = path.join(__dirname, '..');
const TASK_QUEUE = 'chaos';
/** One client drives every case here, so the per-key rate limit is set far above its pace. */
const LOAD_SECURITY = { ...DEFAULT_SECURITY, rateLimitPerMinute: 1_000_000 };

/** Stops a child process with SIGTERM and waits for it to exit. */
function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Waits until an API process answers its health check. */
async function healthy(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API process at ${url} exited with code ${child.exitCode}`);
    const status = await fetch(`${url}/health`).then((r) => r.status, () => 0);
    if (status === 200) return;
    if (Date.now() > until) throw new Error(`the API process at ${url} did not become healthy in ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function startCluster(prepare: (db: Db) => Promise<void>, log: (line: string) => void, shape: ClusterShape = { workers: 1, apiProcesses: 0 }): Promise<Cluster> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-chaos-'));
  const cli = ensureTemporalCli();
  const serverOptions = {
    cli,
    dbFile: path.join(dataDir, 'temporal.db'),
    port: await freePort(),
    uiPort: await freePort(),
    namespace: 'default',
    logFile: path.join(dataDir, 'temporal-server.log'),
  };
  let server: DevServer = await startDevServer(serverOptions);
  const smtp = createSmtpSink({ keep: 100_000 });
  await smtp.start(0);
  const db = await openDb({ dataDir });
  await prepare(db);
  const adminKey = `cw_chaos_${randomBytes(24).toString('hex')}`;
  await ensureAdmin(db, { security: { adminApiKey: adminKey } }, () => undefined);
  const bundle = await writeWorkflowBundle(path.join(dataDir, 'workflow-bundle.js'));

  const workerEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: server.address,
    TASK_QUEUE,
    SMTP_URL: smtp.url,
    WORKFLOW_BUNDLE: bundle,
    LOG_LEVEL: 'error',
  };
  const workers: (ChildProcess | undefined)[] = Array.from({ length: shape.workers }, () => undefined);
  let stopping = false;
  let kills = 0;
  const cluster = { workerStarts: 0 } as Cluster;
  const startWorker = (slot: number) => {
    const worker = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'worker', 'main.ts')], {
      env: workerEnv,
      stdio: ['ignore', 'ignore', fs.openSync(path.join(dataDir, `worker-${slot + 1}.log`), 'a')],
    });
    workers[slot] = worker;
    cluster.workerStarts++;
    // Whatever ends a worker (a kill, or Temporal being away when it starts), it comes back.
    worker.once('exit', () => {
      if (!stopping) setTimeout(() => startWorker(slot), 500);
    });
  };
  workers.forEach((_, slot) => startWorker(slot));

  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: 'default' });
  let http: Server | undefined;
  const apis: ChildProcess[] = [];
  const urls: string[] = [];
  if (shape.apiProcesses === 0) {
    const historyLimit = shape.historyLimit;
    http = await listen(createApp({ client, db, taskQueue: TASK_QUEUE, historyLimit, security: LOAD_SECURITY, log: (err) => log(`API error: ${String(err)} (code ${String((err as { cause?: { code?: number } }).cause?.code)})`) }), 0, '127.0.0.1');
    urls.push(`http://127.0.0.1:${(http.address() as AddressInfo).port}`);
  } else {
    const definitionsDir = fs.mkdtempSync(path.join(dataDir, 'no-definitions-'));
    for (let i = 0; i < shape.apiProcesses; i++) {
      const port = await freePort();
      const env = {
        ...workerEnv,
        PORT: String(port),
        HOST: '127.0.0.1',
        DEFINITIONS_DIR: definitionsDir,
        RATE_LIMIT_PER_MINUTE: String(LOAD_SECURITY.rateLimitPerMinute),
        ...(shape.historyLimit ? { CASE_HISTORY_LIMIT: String(shape.historyLimit) } : {}),
      };
      const api = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'server', 'main.ts')], {
        env,
        stdio: ['ignore', 'ignore', fs.openSync(path.join(dataDir, `api-${i + 1}.log`), 'a')],
      });
      apis.push(api);
      urls.push(`http://127.0.0.1:${port}`);
    }
    await Promise.all(urls.map((url, i) => healthy(url, apis[i], 60_000)));
  }

  return Object.assign(cluster, {
    url: urls[0],
    urls,
    bundlePath: bundle,
    headers: { authorization: `Bearer ${adminKey}` },
    client,
    db,
    smtp,
    dataDir,
    killWorker: () => workers[kills++ % workers.length]?.kill('SIGKILL'),
    restartWorker: () => workers[kills++ % workers.length]?.kill('SIGTERM'),
    async restartServer(hard: boolean, downMs: number) {
      if (hard) server.process.kill('SIGKILL');
      await server.stop();
      await new Promise((r) => setTimeout(r, downMs));
      server = await startDevServer(serverOptions, 120_000);
    },
    async stop() {
      stopping = true;
      for (const worker of workers) worker?.kill('SIGKILL');
      await Promise.all(apis.map(stopProcess));
      if (http) await close(http);
      await connection.close();
      await server.stop();
      await smtp.stop();
      await db.destroy();
      // CHAOS_KEEP=1 keeps the data directory for a look at what went wrong.
      if (!process.env.CHAOS_KEEP) fs.rmSync(dataDir, { recursive: true, force: true });
      else log(`kept ${dataDir}`);
    },
  });
}
