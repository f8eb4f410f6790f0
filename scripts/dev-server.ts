/**
 * Runs Temporal's dev server as a child process: state in a SQLite file, web UI, and the case
 * search attributes registered. Used by `npm start`, the benchmark and the fault run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { CASE_SEARCH_ATTRIBUTES } from '../common/search-attributes';
import { stopChild } from './stop-child';

export interface DevServerOptions {
  cli: string;
  dbFile: string;
  port: number;
  uiPort: number;
  namespace: string;
  logFile: string;
  ip?: string;
}

export interface DevServer {
  address: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * What the dev server's environment keeps of ours: where to find programs, a home and a temporary
 * directory, locale and time zone. The server is configured by its arguments alone, so nothing else
 * (ADMIN_API_KEY, DATABASE_URL, SMTP_URL, TEMPORAL_API_KEY…) is handed to it.
 */
const DEV_SERVER_ENV = ['PATH', 'HOME', 'USERPROFILE', 'SYSTEMROOT', 'TMPDIR', 'TMP', 'TEMP', 'TZ', 'LANG', 'LC_ALL'];

export function devServerEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(DEV_SERVER_ENV.filter((name) => env[name] !== undefined).map((name) => [name, env[name]]));
}

const saType = (type: string) => type.charAt(0) + type.slice(1).toLowerCase().replace('datetime', 'Datetime');

export function devServerArgs(o: DevServerOptions): string[] {
  return [
    'server', 'start-dev',
    '--db-filename', o.dbFile,
    '--ip', o.ip ?? '127.0.0.1',
    '--port', String(o.port),
    '--ui-port', String(o.uiPort),
    '--namespace', o.namespace,
    '--log-level', 'warn',
    // WAL with normal sync: far more throughput on the same file, and cases still survive a kill.
    '--sqlite-pragma', 'journal_mode=wal',
    '--sqlite-pragma', 'synchronous=normal',
    ...CASE_SEARCH_ATTRIBUTES.flatMap((k) => ['--search-attribute', `${k.name}=${saType(k.type)}`]),
  ];
}

async function waitUntilServing(address: string, namespace: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the Temporal dev server exited with code ${child.exitCode}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`the Temporal dev server did not answer on ${address} within ${timeoutMs / 1000}s: ${String(lastError)}`);
}

export async function startDevServer(o: DevServerOptions, timeoutMs = 60_000): Promise<DevServer> {
  fs.mkdirSync(path.dirname(o.dbFile), { recursive: true });
  const log = fs.openSync(o.logFile, 'a');
  // Its own process group, so that Ctrl-C reaches the app first and the app stops the server last.
  const child = spawn(o.cli, devServerArgs(o), { stdio: ['ignore', log, log], detached: true, env: devServerEnv() });
  fs.closeSync(log);
  const killOnExit = () => child.exitCode === null && child.kill('SIGKILL');
  process.on('exit', killOnExit);
  const address = `${o.ip ?? '127.0.0.1'}:${o.port}`;
  const stop = async () => {
    process.off('exit', killOnExit);
    await stopChild(child);
  };
  try {
    await waitUntilServing(address, o.namespace, child, timeoutMs);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}; see ${o.logFile}`);
  }
  return { address, process: child, stop };
}
