/**
 * One real PostgreSQL server for the whole test run, started on first use in a temporary directory
 * on a free port of 127.0.0.1; each test then takes a database of its own from it. The root
 * `afterAll` hook stops the server and removes the directory.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import knex, { type Knex } from 'knex';
import { ensurePostgres, isRoot, POSTGRES_USER } from '../../scripts/provision-postgres';
import { openDb } from '../../store/db';
import { freePort } from '../../runtime/free-port';

const exec = promisify(execFile);

interface Server {
  port: number;
  /** The `postgres` database, from which the tests' databases are made. */
  admin: Knex;
  /** Stops the server and removes its directory when its input closes: at teardown, or when this process dies however it dies. */
  warden: ChildProcess;
  stop(): Promise<void>;
}

let server: Promise<Server> | undefined;
let template: Promise<string> | undefined;
let databases = 0;

/** initdb refuses to run as root, so as root the server's programs run as the `postgres` user. */
const asServerUser = (command: string, args: string[]): [string, string[]] =>
  isRoot() ? ['runuser', ['-u', POSTGRES_USER, '--', command, ...args]] : [command, args];

async function runAsServerUser(command: string, args: string[], cwd: string): Promise<void> {
  const [file, argv] = asServerUser(command, args);
  try {
    await exec(file, argv, { cwd });
  } catch (err) {
    const { stderr, stdout } = err as { stderr?: string; stdout?: string };
    throw new Error(`${path.basename(command)} failed: ${(stderr || stdout || String(err)).trim()}`);
  }
}

/**
 * A detached shell that waits for this process's end of a pipe to close, then stops the server
 * and removes its directory. The pipe closes when the teardown ends it, and also when this process
 * is killed, so no server outlives an interrupted run.
 */
function startWarden(binDir: string, dir: string, dataDir: string): ChildProcess {
  const [runner, runnerArgs] = asServerUser(path.join(binDir, 'pg_ctl'), []);
  const stop = [runner, ...runnerArgs].map((a) => `'${a}'`).join(' ');
  const script = `cat > /dev/null; if [ -f "$1/postmaster.pid" ]; then ${stop} stop -D "$1" -m fast -w > /dev/null 2>&1; fi; rm -rf "$2"`;
  const warden = spawn('sh', ['-c', script, 'warden', dataDir, dir], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  warden.unref();
  (warden.stdin as unknown as { unref(): void }).unref();
  return warden;
}

const READY_WITHIN_MS = 30_000;

/**
 * Runs the server as this process's child (not daemonized by pg_ctl), so that this process reaps
 * it when it ends; resolves once it accepts connections, rejects with its last words if it stops
 * or is not ready in time.
 */
function launch(binDir: string, dataDir: string, port: number, cwd: string): Promise<ChildProcess> {
  const [file, argv] = asServerUser(path.join(binDir, 'postgres'), ['-D', dataDir, '-p', String(port)]);
  const child = spawn(file, argv, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let said = '';
    const fail = (why: string) => reject(Object.assign(new Error(`postgres ${why}: ${said.trim().split('\n').slice(-5).join('\n')}`), { said }));
    const timer = setTimeout(() => {
      child.kill('SIGINT');
      fail(`was not ready within ${READY_WITHIN_MS / 1000} s`);
    }, READY_WITHIN_MS);
    const onData = (chunk: Buffer) => {
      said += chunk.toString();
      if (/ready to accept connections/.test(said)) {
        clearTimeout(timer);
        child.stderr!.off('data', onData);
        child.stderr!.resume();
        resolve(child);
      }
    };
    child.stderr!.on('data', onData);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      fail(`stopped (${code ?? signal})`);
    });
  });
}

const SHARED_MEMORY = '/dev/shm';

/**
 * Where the server keeps its files: in memory (tmpfs) when there is room, since each CREATE
 * DATABASE writes a whole copy of its template, about 20 times quicker there than on a disk.
 */
function scratchDir(): string {
  try {
    const { bavail, bsize } = fs.statfsSync(SHARED_MEMORY);
    fs.accessSync(SHARED_MEMORY, fs.constants.W_OK);
    if (bavail * bsize >= 512 * 1024 ** 2) return SHARED_MEMORY;
  } catch {
    // no shared memory file system here
  }
  return os.tmpdir();
}

async function start(): Promise<Server> {
  const binDir = ensurePostgres();
  const dir = fs.mkdtempSync(path.join(scratchDir(), 'casework-pg-'));
  const dataDir = path.join(dir, 'data');
  const warden = startWarden(binDir, dir, dataDir);
  if (isRoot()) {
    const id = async (flag: string) => Number((await exec('id', [flag, POSTGRES_USER])).stdout.trim());
    fs.chownSync(dir, await id('-u'), await id('-g'));
  }
  // Trust on 127.0.0.1 only, no sync to disk, little WAL kept: a throwaway server for one run.
  await runAsServerUser(path.join(binDir, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync'], dir);
  fs.appendFileSync(
    path.join(dataDir, 'postgresql.conf'),
    ["listen_addresses = '127.0.0.1'", "unix_socket_directories = ''", 'fsync = off', 'synchronous_commit = off', 'full_page_writes = off', 'max_wal_size = 64MB', 'min_wal_size = 32MB', ''].join('\n'),
  );
  // The free port may be taken by someone else before the server binds it; then another one is tried.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      const child = await launch(binDir, dataDir, port, dir);
      const admin = knex({ client: 'pg', connection: urlOf(port, 'postgres'), pool: { min: 0, max: 1 } });
      return { port, admin, warden, stop: () => stopServer(binDir, dataDir, dir, child) };
    } catch (err) {
      if (attempt < 3 && /could not bind|already in use/i.test((err as { said?: string }).said ?? '')) continue;
      throw err;
    }
  }
}

async function stopServer(binDir: string, dataDir: string, cwd: string, child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await runAsServerUser(path.join(binDir, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'fast', '-w'], cwd);
  await exited;
}

const urlOf = (port: number, database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;

/** The run's server, started on first use. */
export function getPostgres(): Promise<Server> {
  server ??= start();
  return server;
}

const TEMPLATE = 'casework_template';

/** A database with the schema up to date, made once per run and copied for each test that wants one. */
function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const { admin, port } = await getPostgres();
    await admin.raw('CREATE DATABASE ??', [TEMPLATE]);
    // A template must have no connection open while it is copied.
    const db = await openDb({ dataDir: os.tmpdir(), databaseUrl: urlOf(port, TEMPLATE) });
    await db.destroy();
    return TEMPLATE;
  })();
  return template;
}

/**
 * The DATABASE_URL of a new database for one test: with the schema up to date (a copy of a
 * template migrated once, which saves each test the migrations' time), or `empty`.
 */
export async function createDatabase({ empty = false } = {}): Promise<string> {
  const { admin, port } = await getPostgres();
  const from = empty ? 'template0' : await migratedTemplate();
  const name = `casework_test_${++databases}`;
  await admin.raw('CREATE DATABASE ?? TEMPLATE ??', [name, from]);
  return urlOf(port, name);
}

/** Removes a database made by `createDatabase`, with any connection a test left open to it. */
export async function dropDatabase(url: string): Promise<void> {
  const { admin } = await getPostgres();
  await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [new URL(url).pathname.slice(1)]);
}

export async function teardownPostgres(): Promise<void> {
  const running = server;
  server = template = undefined;
  if (!running) return;
  const s = await running.catch(() => undefined);
  if (!s) return;
  await s.admin.destroy();
  await s.stop();
  s.warden.ref();
  const ended = new Promise((resolve) => s.warden.once('exit', resolve));
  s.warden.stdin?.end();
  await ended;
}
