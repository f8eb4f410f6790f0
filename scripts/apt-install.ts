/**
 * Installing a Debian package the tests need, for the provisioning scripts: as root, with apt-get,
 * or not at all, with the reason. Nothing is ever downloaded from anywhere but the system's
 * package manager.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

export const APT_GET_PATHS = ['/usr/bin/apt-get', '/bin/apt-get'];

export const isRoot = (): boolean => process.getuid?.() === 0;

export const isExecutable = (file: string): boolean => {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

export interface AptInstall {
  /** The packages and apt-get's options, as given to `apt-get install -y`. */
  packages: string[];
  /** What is missing and why it is wanted, to begin every refusal. */
  wanted: string;
  /** What to do instead where this cannot install: without root, and without apt-get. */
  withoutRoot: string;
  withoutAptGet: string;
  root: boolean;
  aptGet: string[];
  say(message: string): void;
  /** The error a refusal is thrown as, of the caller's own type. */
  fail(message: string): Error;
}

function run(command: string, args: string[], o: AptInstall): void {
  o.say(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (result.error) throw o.fail(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) throw o.fail(`'${command} ${args.join(' ')}' failed with exit code ${result.status ?? result.signal}`);
}

/** Updates apt's lists and installs the packages; throws `fail(…)` with the reason where it cannot. */
export function aptInstall(o: AptInstall): void {
  if (!o.root) throw o.fail(`${o.wanted}, and installing needs root: ${o.withoutRoot}`);
  const aptGet = o.aptGet.find(isExecutable);
  if (!aptGet) throw o.fail(`${o.wanted}, and apt-get is not available: ${o.withoutAptGet}`);
  o.say(`installing ${o.packages.filter((p) => !p.startsWith('-')).join(', ')}; this takes a minute or two the first time`);
  run(aptGet, ['update'], o);
  run(aptGet, ['install', '-y', ...o.packages], o);
}
