/** Where the tests find PostgreSQL, and the reason they stop with when it is not there. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ensurePostgres, findPostgresBinDir, PostgresUnavailable } from '../../scripts/provision-postgres';

describe('provisioning PostgreSQL for the tests', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-provision-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  /** A directory with the three server programs, as a package lays them out. */
  const binDir = (dir: string, programs = ['initdb', 'pg_ctl', 'postgres']) => {
    fs.mkdirSync(dir, { recursive: true });
    for (const p of programs) fs.writeFileSync(path.join(dir, p), '#!/bin/sh\n', { mode: 0o755 });
    return dir;
  };

  it("takes the newest version in Debian's directory, and one on PATH before it", () => {
    const debianRoot = path.join(root, 'lib');
    binDir(path.join(debianRoot, '9', 'bin'));
    const newest = binDir(path.join(debianRoot, '15', 'bin'));
    binDir(path.join(debianRoot, '16', 'bin'), ['initdb', 'pg_ctl']);
    expect(findPostgresBinDir({ pathEnv: '', debianRoot })).to.equal(newest);
    const onPath = binDir(path.join(root, 'local', 'bin'));
    expect(findPostgresBinDir({ pathEnv: [path.join(root, 'none'), onPath].join(path.delimiter), debianRoot })).to.equal(onPath);
  });

  it('follows a directory of links to the programs themselves', () => {
    const real = binDir(path.join(root, 'lib', '15', 'bin'));
    const links = path.join(root, 'links');
    fs.mkdirSync(links);
    for (const p of ['initdb', 'pg_ctl', 'postgres']) fs.symlinkSync(path.join(real, p), path.join(links, p));
    expect(findPostgresBinDir({ pathEnv: links, debianRoot: path.join(root, 'none') })).to.equal(real);
  });

  it('says what to install, and how, when the programs are missing and cannot be installed', () => {
    const debianRoot = path.join(root, 'missing');
    const failure = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return err as Error;
      }
      throw new Error('expected a failure');
    };
    const notRoot = failure(() => ensurePostgres({ pathEnv: '', debianRoot, root: false }));
    expect(notRoot).to.be.instanceOf(PostgresUnavailable);
    expect(notRoot.message).to.equal(
      `PostgreSQL's server programs (initdb, pg_ctl, postgres) are not on PATH nor in ${debianRoot}/<version>/bin, and installing needs root: ` +
        "run 'apt-get install -y postgresql' as root (or install PostgreSQL and put its bin directory on PATH), then npm test again",
    );
    const noApt = failure(() => ensurePostgres({ pathEnv: '', debianRoot, root: true, aptGet: [path.join(root, 'apt-get')] }));
    expect(noApt).to.be.instanceOf(PostgresUnavailable);
    expect(noApt.message).to.match(/apt-get is not available: install PostgreSQL with this system's package manager/);
  });
});
