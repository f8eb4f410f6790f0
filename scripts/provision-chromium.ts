/**
 * Finds Debian's Chromium for the console's browser tests, installing the `chromium` package (as
 * root, with apt-get) when it is missing. Where that cannot be done, stops `npm test` with the
 * reason: a suite that quietly left the browser tests out would pass without having tested the
 * console. No browser is ever downloaded from anywhere but the system's package manager.
 */
import { spawnSync } from 'node:child_process';
import { APT_GET_PATHS, aptInstall, isExecutable, isRoot } from './apt-install';

export const CHROMIUM_PATH = '/usr/lib/chromium/chromium';

function say(message: string): void {
  process.stderr.write(`[chromium] ${message}\n`);
}

/** Where to look and who asks; the defaults are this machine's, a test passes others. */
export interface Surroundings {
  executable?: string;
  root?: boolean;
  aptGet?: string[];
}

export class ChromiumUnavailable extends Error {
  override name = 'ChromiumUnavailable';
}

/** The Chromium executable, installing Debian's package first when it is missing and can be installed. */
export function ensureChromium({ executable = CHROMIUM_PATH, root = isRoot(), aptGet = APT_GET_PATHS }: Surroundings = {}): string {
  if (isExecutable(executable)) return executable;
  aptInstall({
    packages: ['--no-install-recommends', 'chromium', 'fonts-liberation'],
    wanted: `the console's browser tests need Debian's Chromium at ${executable}`,
    withoutRoot: "run 'apt-get install -y chromium' as root, then npm test again",
    withoutAptGet: "install the chromium package with this system's package manager",
    root,
    aptGet,
    say,
    fail: (message) => new ChromiumUnavailable(message),
  });
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
