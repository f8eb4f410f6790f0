/**
 * The system under fault: a Temporal dev server and a worker as child processes that can be
 * killed and started again, an SMTP sink that can go down, and the API in this process. Everything
 * listens on loopback, in a temporary data directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../api/app';
import { ensureAdmin } from '../api/auth/ensure-admin';
import { DEFAULT_SECURITY } from '../api/security';
import { close, listen } from '../api/server';
import { createSmtpSink, type SmtpSink } from '../runtime/smtp-sink';
import { writeWorkflowBundle } from '../scripts/bundle-workflows';
import { startDevServer, type DevServer } from '../scripts/dev-server';
import { ensureTemporalCli } from '../scripts/provision-temporal';
import { openDb, type Db } from '../store/db';

export interface Cluster {
  url: string;
  client: Client;
  /** Headers that authenticate as the run's admin. */
  headers: Record<string, string>;
  db: Db;
  smtp: SmtpSink;
  dataDir: string;
  killWorker(): void;
  /** Stops the dev server (by SIGKILL when `hard`) and starts it again on the same file. */
  restartServer(hard: boolean, downMs: number): Promise<void>;
  workerStarts: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const repoRoot = path.join(__dirname, '..');
const TASK_QUEUE = 'chaos';
/** One client drives every case here, so the per-key rate limit is set far above its pace. */
const LOAD_SECURITY = { ...DEFAULT_SECURITY, rateLimitPerMinute: 1_000_000 };

export async function startCluster(prepare: (db: Db) => Promise<void>, log: (line: string) => void): Promise<Cluster> {
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
  const admin = await ensureAdmin(db, { security: {} }, () => undefined);
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
  let worker: ChildProcess | undefined;
  let stopping = false;
  const cluster = { workerStarts: 0 } as Cluster;
  const startWorker = () => {
    worker = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'worker', 'main.ts')], {
      env: workerEnv,
      stdio: ['ignore', 'ignore', fs.openSync(path.join(dataDir, 'worker.log'), 'a')],
    });
    cluster.workerStarts++;
    // Whatever ends the worker (a kill, or Temporal being away when it starts), it comes back.
    worker.once('exit', () => {
      if (!stopping) setTimeout(startWorker, 500);
    });
  };
  startWorker();

  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: 'default' });
  const http: Server = await listen(createApp({ client, db, taskQueue: TASK_QUEUE, security: LOAD_SECURITY, log: (err) => log(`API error: ${String(err)} (code ${String((err as { cause?: { code?: number } }).cause?.code)})`) }), 0, '127.0.0.1');

  return Object.assign(cluster, {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    headers: { authorization: `Bearer ${admin?.key}` },
    client,
    db,
    smtp,
    dataDir,
    killWorker: () => worker?.kill('SIGKILL'),
    async restartServer(hard: boolean, downMs: number) {
      if (hard) server.process.kill('SIGKILL');
      await server.stop();
      await new Promise((r) => setTimeout(r, downMs));
      server = await startDevServer(serverOptions, 120_000);
    },
    async stop() {
      stopping = true;
      worker?.kill('SIGKILL');
      await close(http);
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
