/** The dev server `npm start` runs: it gets the environment it needs, and none of the engine's secrets. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { startDevServer, type DevServer } from '../../scripts/dev-server';
import { ensureTemporalCli } from '../../scripts/provision-temporal';
import { freePort } from '../../runtime/free-port';

const SECRETS = { ADMIN_API_KEY: 'cw_dev-server-must-not-see-this-key-0123456789', DATABASE_URL: 'postgres://casework:secret@db/cases', SMTP_URL: 'smtp://mail:secret@mail.example.org', TEMPORAL_API_KEY: 'tk_secret' };

describe('the dev server of npm start', () => {
  let dataDir: string;
  let server: DevServer | undefined;
  const saved: Record<string, string | undefined> = {};
  before(function () {
    if (!fs.existsSync('/proc/self/environ')) this.skip();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-devserver-'));
    for (const [name, value] of Object.entries(SECRETS)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
  });
  after(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await server?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("runs without ADMIN_API_KEY or any other of the engine's settings in its environment", async () => {
    server = await startDevServer({
      cli: ensureTemporalCli(),
      dbFile: path.join(dataDir, 'temporal.db'),
      port: await freePort(),
      uiPort: await freePort(),
      namespace: 'default',
      logFile: path.join(dataDir, 'temporal-server.log'),
    });
    const environ = fs.readFileSync(`/proc/${server.process.pid}/environ`, 'utf8').split('\0').filter(Boolean);
    const names = environ.map((entry) => entry.slice(0, entry.indexOf('=')));
    expect(names).to.include('PATH');
    expect(names.filter((n) => n in SECRETS)).to.deep.equal([]);
    for (const value of Object.values(SECRETS)) expect(environ.join('\n')).not.to.include(value);
  });
});
