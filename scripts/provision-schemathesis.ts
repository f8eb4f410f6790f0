/**
 * Installs Schemathesis, which checks the running API against its OpenAPI document, into a Python
 * virtual environment in the cache outside the repository (like the Temporal CLI), once per
 * version: `npm test` runs it on every operation. Run again, it finds the environment and does
 * nothing. Where it cannot install (no python3, no venv module, PyPI unreachable), it stops the
 * run with the exact reason and what to install: no test is skipped for want of it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cacheDir } from './provision-temporal';

export const SCHEMATHESIS_VERSION = '4.32.5';

function say(message: string): void {
  process.stderr.write(`[schemathesis] ${message}\n`);
}

export function schemathesisDir(): string {
  return path.join(cacheDir(), `schemathesis-${SCHEMATHESIS_VERSION}`);
}

/** The `st` program of the installed version. */
export function schemathesisBin(): string {
  return path.join(schemathesisDir(), 'bin', 'st');
}

export class SchemathesisInstallError extends Error {
  override name = 'SchemathesisInstallError';
}

function installed(complete = true): boolean {
  const bin = schemathesisBin();
  if (!fs.existsSync(bin) || (complete && !fs.existsSync(path.join(schemathesisDir(), '.complete')))) return false;
  const version = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return version.status === 0 && version.stdout.includes(SCHEMATHESIS_VERSION);
}

function run(command: string, args: string[], what: string): void {
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.error) throw new SchemathesisInstallError(`${what}: ${result.error.message}`);
  if (result.status !== 0) throw new SchemathesisInstallError(`${what} failed (exit ${result.status}):\n${(result.stderr || result.stdout).trim().split('\n').slice(-15).join('\n')}`);
}

/** Written last: an environment without it was left halfway and is made again. */
const COMPLETE = '.complete';

export function ensureSchemathesis(): string {
  if (installed()) return schemathesisBin();
  const dir = schemathesisDir();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  say(`installing schemathesis ${SCHEMATHESIS_VERSION} into ${dir}`);
  run('python3', ['-m', 'venv', dir], 'making a Python virtual environment (python3 -m venv; on Debian: apt-get install python3-venv)');
  run(path.join(dir, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS_VERSION}`], `pip install schemathesis==${SCHEMATHESIS_VERSION} from PyPI`);
  if (!installed(false)) throw new SchemathesisInstallError(`schemathesis was installed into ${dir} but '${schemathesisBin()} --version' does not report ${SCHEMATHESIS_VERSION}`);
  fs.writeFileSync(path.join(dir, COMPLETE), SCHEMATHESIS_VERSION);
  return schemathesisBin();
}

if (require.main === module) {
  try {
    say(`using ${ensureSchemathesis()}`);
  } catch (err) {
    say(`cannot install schemathesis, so the API contract cannot be checked: ${(err as Error).message}`);
    process.exit(1);
  }
}
