/**
 * Finds PostgreSQL's server programs for the tests, which run every store test and one whole case
 * on PostgreSQL as well as on SQLite. Where they are missing, installs Debian's `postgresql`
 * package (as root, with apt-get); where that cannot be done, stops `npm test` with the reason,
 * since a suite that quietly left PostgreSQL out would pass without having tested it.
 *
 * Order: `initdb` on PATH; the newest /usr/lib/postgresql/<version>/bin (Debian's place, off PATH).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { APT_GET_PATHS, aptInstall, isExecutable, isRoot } from './apt-install';

const PROGRAMS = ['initdb', 'pg_ctl', 'postgres'];
const DEBIAN_ROOT = '/usr/lib/postgresql';
/** Who runs the server when the tests run as root: initdb refuses root. The Debian package makes this user. */
export const POSTGRES_USER = 'postgres';

function say(message: string): void {
  process.stderr.write(`[postgres] ${message}\n`);
}

const hasPrograms = (dir: string) => PROGRAMS.every((p) => isExecutable(path.join(dir, p)));

/** Where to look and who asks; the defaults are this machine's, a test passes others. */
export interface Surroundings {
  pathEnv?: string;
  debianRoot?: string;
  root?: boolean;
  aptGet?: string[];
}

export { isRoot };

/** The directory holding initdb, pg_ctl and postgres, or undefined when PostgreSQL is not installed. */
export function findPostgresBinDir({ pathEnv = process.env.PATH ?? '', debianRoot = DEBIAN_ROOT }: Surroundings = {}): string | undefined {
  const versions = fs.existsSync(debianRoot) ? fs.readdirSync(debianRoot).filter((v) => /^\d+$/.test(v)) : [];
  const debian = versions.sort((a, b) => Number(b) - Number(a)).map((v) => path.join(debianRoot, v, 'bin'));
  const found = [...pathEnv.split(path.delimiter).filter(Boolean), ...debian].find(hasPrograms);
  // initdb finds the server beside its own real file, so a directory of links is followed to it.
  return found && path.dirname(fs.realpathSync(path.join(found, 'initdb')));
}

export function userExists(name: string): boolean {
  return spawnSync('id', ['-u', name], { stdio: 'ignore' }).status === 0;
}

export class PostgresUnavailable extends Error {
  override name = 'PostgresUnavailable';
}

function install({ debianRoot = DEBIAN_ROOT, root = isRoot(), aptGet = APT_GET_PATHS }: Surroundings): void {
  aptInstall({
    packages: ['postgresql'],
    wanted: `PostgreSQL's server programs (${PROGRAMS.join(', ')}) are not on PATH nor in ${debianRoot}/<version>/bin`,
    withoutRoot: "run 'apt-get install -y postgresql' as root (or install PostgreSQL and put its bin directory on PATH), then npm test again",
    withoutAptGet: "install PostgreSQL with this system's package manager and put its bin directory on PATH",
    root,
    aptGet,
    say,
    fail: (message) => new PostgresUnavailable(message),
  });
}

/** The bin directory of PostgreSQL, installing the package first when it is missing and can be installed. */
export function ensurePostgres(where: Surroundings = {}): string {
  let dir = findPostgresBinDir(where);
  if (!dir) {
    install(where);
    dir = findPostgresBinDir(where);
    if (!dir) throw new PostgresUnavailable(`the postgresql package was installed, yet ${PROGRAMS.join(', ')} are still not in ${where.debianRoot ?? DEBIAN_ROOT}/<version>/bin`);
  }
  if ((where.root ?? isRoot()) && !userExists(POSTGRES_USER)) {
    throw new PostgresUnavailable(`the tests run as root, and PostgreSQL refuses root, but there is no '${POSTGRES_USER}' user to run it as: create it (useradd --system ${POSTGRES_USER}) or run npm test as another user`);
  }
  return dir;
}

if (require.main === module) {
  try {
    const dir = ensurePostgres();
    const version = spawnSync(path.join(dir, 'postgres'), ['--version'], { encoding: 'utf8' }).stdout.trim();
    say(`using ${dir} (${version})`);
  } catch (err) {
    say(`cannot run the tests: ${(err as Error).message}`);
    process.exit(1);
  }
}
