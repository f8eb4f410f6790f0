/**
 * Finds Debian's Chromium for the console's browser tests, installing the `chromium` package (as
 * root, with apt-get) when it is missing. Where that cannot be done, stops `npm test` with the
 * reason: a suite that quietly left the browser tests out would pass without having tested the
 * console. No browser is ever downloaded from anywhere but the system's package manager.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

export const CHROMIUM_PATH = '/usr/lib/chromium/chromium';

function say(message: string): void {
  process.stderr.write(`[chromium] ${message}\n`);
}

const isExecutable = (file: string): boolean => {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

/** Where to look and who asks; the defaults are this machine's, a test passes others. */
export interface Surroundings {
  executable?: string;
  root?: boolean;
  aptGet?: string[];
}

export class ChromiumUnavailable extends Error {
  override name = 'ChromiumUnavailable';
}

function run(command: string, args: string[]): void {
  say(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (result.error) throw new ChromiumUnavailable(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) throw new ChromiumUnavailable(`'${command} ${args.join(' ')}' failed with exit code ${result.status ?? result.signal}`);
}

/** The Chromium executable, installing Debian's package first when it is missing and can be installed. */
export function ensureChromium({ executable = CHROMIUM_PATH, root = process.getuid?.() === 0, aptGet: aptGetPaths = ['/usr/bin/apt-get', '/bin/apt-get'] }: Surroundings = {}): string {
  if (isExecutable(executable)) return executable;
  const wanted = `the console's browser tests need Debian's Chromium at ${executable}`;
  if (!root) throw new ChromiumUnavailable(`${wanted}, and installing it needs root: run 'apt-get install -y chromium' as root, then npm test again`);
  const aptGet = aptGetPaths.find(isExecutable);
  if (!aptGet) throw new ChromiumUnavailable(`${wanted}, and apt-get is not available: install the chromium package with this system's package manager`);
  say('installing the chromium package; this takes a minute or two the first time');
  run(aptGet, ['update']);
  run(aptGet, ['install', '-y', '--no-install-recommends', 'chromium', 'fonts-liberation']);
  if (!isExecutable(executable)) throw new ChromiumUnavailable(`the chromium package was installed, yet ${executable} is not there`);
  return executable;
}

if (require.main === module) {
  try {
    const executable = ensureChromium();
    const version = spawnSync(executable, ['--version', '--no-sandbox'], { encoding: 'utf8' }).stdout.trim();
    say(`using ${executable} (${version})`);
  } catch (err) {
    say(`cannot run the tests: ${(err as Error).message}`);
    process.exit(1);
  }
}
