/**
 * The restore drill of docs/operations.md, performed: a system with its own Temporal server (state
 * in a file) and read model takes cases; it is quiesced (API, then workers, then the stores) and
 * both stores are copied at that one instant; everything is wiped; the copies are put back and the
 * system started again: every case is there, reads as before, verifies, and takes a command.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createApp } from '../../server/app';
import { ensureAdmin } from '../../api/auth/ensure-admin';
import { close, listen } from '../../server/listen';
import { createMailer } from '../../runtime/mailer';
import { startDevServer, type DevServer } from '../../scripts/dev-server';
import { ensureTemporalCli } from '../../scripts/provision-temporal';
import { openDb, type Db } from '../../store/db';
import { createWorker } from '../../worker/create-worker';
import { freePort } from '../../runtime/free-port';
import { quickCase } from '../fixtures/definitions';
import { intake } from '../helpers/cases';
import { payloadProbeSinks } from '../helpers/payload-sizes';
import { httpClient, publishDefinition, type Http } from '../helpers/system';
import { getBundle } from '../helpers/temporal-env';

interface Running {
  api: Http;
  stop(): Promise<void>;
}

const ADMIN_KEY = 'cw_drill_Xq7rT2mW9pL4vZ8kN3bH6jF1sD5gA0cE';

async function start(dataDir: string, ports: { temporal: number; ui: number }): Promise<Running> {
  const server: DevServer = await startDevServer({ cli: ensureTemporalCli(), dbFile: path.join(dataDir, 'temporal.db'), port: ports.temporal, uiPort: ports.ui, namespace: 'default', logFile: path.join(dataDir, 'temporal.log') });
  const db: Db = await openDb({ dataDir });
  await ensureAdmin(db, { security: { adminApiKey: ADMIN_KEY } }, () => undefined);
  const mailer = createMailer('smtp://127.0.0.1:9', 'Casework <casework@localhost>');
  const native = await NativeConnection.connect({ address: server.address });
  const worker = await createWorker({ connection: native, namespace: 'default', taskQueue: 'drill', deps: { db, mailer }, workflowBundle: await getBundle(), sinks: payloadProbeSinks });
  const running = worker.run();
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: 'default' });
  const http: Server = await listen(createApp({ client, db, taskQueue: 'drill', security: { corsOrigins: [], rateLimitPerMinute: 100_000, authFailureLimit: 100_000, authFailureWindowSeconds: 900 } }), 0, '127.0.0.1');
  return {
    api: httpClient(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, ADMIN_KEY),
    // Quiesced in order: no new commands, then no workflow task in flight, then the stores closed.
    async stop() {
      await close(http);
      worker.shutdown();
      await running;
      await native.close();
      await connection.close();
      mailer.close();
      await db.raw('PRAGMA wal_checkpoint(TRUNCATE)');
      await db.destroy();
      await server.stop();
    },
  };
}

const copyStores = (from: string, to: string) => {
  fs.mkdirSync(to, { recursive: true });
  for (const f of fs.readdirSync(from).filter((n) => /^(temporal|cases)\.db(-wal|-shm)?$/.test(n))) fs.copyFileSync(path.join(from, f), path.join(to, f));
};

describe('backup and restore drill: both stores copied at one instant, wiped, restored', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-drill-'));
  const dataDir = path.join(root, 'data');
  const backupDir = path.join(root, 'backup');
  let system: Running | undefined;
  after(async () => {
    await system?.stop().catch(() => undefined);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('brings back every case as it was, verifiable, and taking commands', async function () {
    this.timeout(180_000);
    fs.mkdirSync(dataDir, { recursive: true });
    const ports = { temporal: await freePort(), ui: await freePort() };
    system = await start(dataDir, ports);
    const seed = await openDb({ dataDir });
    await publishDefinition(seed, quickCase);
    await seed.destroy();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const opened = await system.api.post('/cases', { definition: 'quick-case', title: `Drill case ${i}`, intake });
      expect(opened.status, JSON.stringify(opened.body)).to.equal(201);
      ids.push(opened.body.id);
    }
    expect((await system.api.post(`/cases/${ids[0]}/screening`, { decision: 'accept', reason: 'Meets the criteria' })).status).to.equal(200);
    expect((await system.api.post(`/cases/${ids[1]}/notes`, { text: 'Before the backup' })).status).to.equal(200);
    const before = await Promise.all(ids.map(async (id) => (await system!.api.get(`/cases/${id}`)).body));

    await system.stop();
    system = undefined;
    copyStores(dataDir, backupDir);
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.mkdirSync(dataDir);
    copyStores(backupDir, dataDir);
    system = await start(dataDir, ports);

    const list = await system.api.get('/cases');
    expect(list.body.items.map((c: { id: string }) => c.id).sort()).to.deep.equal([...ids].sort());
    for (const [i, id] of ids.entries()) {
      const view = (await system.api.get(`/cases/${id}`)).body;
      expect({ phase: view.phase, revision: view.revision, noteCount: view.noteCount }).to.deep.equal({ phase: before[i].phase, revision: before[i].revision, noteCount: before[i].noteCount });
      expect((await system.api.get(`/cases/${id}/events/verify`)).body).to.include({ valid: true });
    }
    // Every case acts: its workflow is where its read model says.
    expect((await system.api.post(`/cases/${ids[0]}/assessment`, { data: { severity: 1, housing_risk: false } })).status).to.equal(200);
    for (const id of ids.slice(1)) {
      const acted = await system.api.post(`/cases/${id}/screening`, { decision: 'accept', reason: 'After the restore' });
      expect(acted.status, JSON.stringify(acted.body)).to.equal(200);
      expect(acted.body.revision).to.be.greaterThan(before[ids.indexOf(id)].revision);
    }
  });
});
