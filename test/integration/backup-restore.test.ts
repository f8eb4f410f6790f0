/**
 * The restore drills of docs/operations.md, performed on a system with its own Temporal server
 * (state in a file) and read model:
 * - both stores copied at one instant (quiesced: API, then workers, then the stores), wiped, and
 *   put back: every case is there, reads as before, verifies, and takes a command;
 * - the read model alone restored from before later commands: the read model's check finds the
 *   cases it is behind on (readiness, a metric, a log line), brings them up to date from their
 *   workflows' histories, and they read as they did before the restore and take commands.
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
import { getBundle, getReadModelCheckBundle } from '../helpers/temporal-env';
import { captureLogs } from '../helpers/log-capture';
import { createApiMetrics } from '../../api/observability/metrics';
import { checkReadModel } from '../../worker/read-model-check';
import { checkReadModelAtStart } from '../../worker/read-model-start';
import { listGaps } from '../../store/read-model-gaps';
import { testLogger } from '../helpers/log-capture';

interface Running {
  api: Http;
  client: Client;
  db: Db;
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
  const metrics = { api: createApiMetrics(db), serveHere: true };
  const http: Server = await listen(createApp({ client, db, taskQueue: 'drill', metrics, security: { corsOrigins: [], rateLimitPerMinute: 100_000, authFailureLimit: 100_000, authFailureWindowSeconds: 900 } }), 0, '127.0.0.1');
  return {
    api: httpClient(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, ADMIN_KEY),
    client,
    db,
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

const BOTH_STORES = /^(temporal|cases)\.db(-wal|-shm)?$/;
const READ_MODEL = /^cases\.db(-wal|-shm)?$/;

const copyStores = (from: string, to: string, which = BOTH_STORES) => {
  fs.mkdirSync(to, { recursive: true });
  for (const f of fs.readdirSync(from).filter((n) => which.test(n))) fs.copyFileSync(path.join(from, f), path.join(to, f));
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

describe('restore drill: a read model older than the state Temporal keeps', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-drill-older-'));
  const dataDir = path.join(root, 'data');
  const backupDir = path.join(root, 'read-model-backup');
  let system: Running | undefined;
  after(async () => {
    await system?.stop().catch(() => undefined);
    fs.rmSync(root, { recursive: true, force: true });
  });

  const view = async (id: string) => {
    const v = (await system!.api.get(`/cases/${id}`)).body;
    return { status: v.status, phase: v.phase, revision: v.revision, noteCount: v.noteCount, riskLevel: v.riskLevel ?? null };
  };
  const behindGauge = async () => Number(/^casework_read_model_cases_behind (\d+)/m.exec(String((await system!.api.get('/metrics')).body))?.[1]);

  it('finds the cases the read model is behind on, reports them, and brings them up to date from their histories', async function () {
    this.timeout(240_000);
    fs.mkdirSync(dataDir, { recursive: true });
    const ports = { temporal: await freePort(), ui: await freePort() };
    system = await start(dataDir, ports);
    await publishDefinition(system.db, quickCase);
    const open = async (title: string) => {
      const opened = await system!.api.post('/cases', { definition: 'quick-case', title, intake });
      expect(opened.status, JSON.stringify(opened.body)).to.equal(201);
      return opened.body.id as string;
    };
    const [moved, noted, untouched] = [await open('Moves on after the backup'), await open('Takes notes after the backup'), await open('Stays as it was')];
    expect((await system.api.post(`/cases/${moved}/screening`, { decision: 'accept', reason: 'Meets the criteria' })).status).to.equal(200);

    // The read model alone is backed up (quiesced, as for both stores).
    await system.stop();
    copyStores(dataDir, backupDir, READ_MODEL);
    system = await start(dataDir, ports);
    expect((await system.api.post(`/cases/${moved}/assessment`, { data: { severity: 1, housing_risk: false } })).status).to.equal(200);
    for (const text of ['First note after the backup', 'Second note after the backup']) expect((await system.api.post(`/cases/${noted}/notes`, { text })).status).to.equal(200);
    const late = await open('Opened after the backup');
    expect((await system.api.post(`/cases/${late}/screening`, { decision: 'accept', reason: 'After the backup' })).status).to.equal(200);
    const ids = [moved, noted, untouched, late];
    const before = Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await view(id)] as const)));

    // Temporal keeps its state; the read model goes back to the backup.
    await system.stop();
    system = undefined;
    for (const f of fs.readdirSync(dataDir).filter((n) => READ_MODEL.test(n))) fs.rmSync(path.join(dataDir, f));
    copyStores(backupDir, dataDir, READ_MODEL);
    system = await start(dataDir, ports);
    // Temporal has the case, the read model does not: the API says it is not recorded yet.
    expect((await system.api.get(`/cases/${late}`)).status).to.equal(503);
    expect((await view(noted)).noteCount).to.be.lessThan(before[noted].noteCount);

    // Found and reported, without changing anything (npm run read-model:check -- --report-only).
    const workflowBundle = await getReadModelCheckBundle();
    const quiet = { info: () => undefined, warn: () => undefined };
    const found = await checkReadModel({ client: system.client, db: system.db, taskQueue: 'drill', workflowBundle, log: quiet, repair: false });
    const byId = new Map(found.gaps.map((g) => [g.caseId, g]));
    expect([...byId.keys()].sort()).to.deep.equal([moved, noted, late].sort());
    for (const id of [moved, noted, late]) expect({ workflowRevision: byId.get(id)!.workflowRevision, repaired: Boolean(byId.get(id)!.repairedAt) }, id).to.deep.equal({ workflowRevision: before[id].revision, repaired: false });
    expect(byId.get(late)!.readRevision, 'a case the read model never held').to.equal(undefined);
    for (const id of [moved, noted]) expect(byId.get(id)!.readRevision, id).to.be.lessThan(before[id].revision);
    expect((await system.api.get('/health/ready')).body.readModel).to.deep.equal({ casesBehind: 3 });
    expect(await behindGauge()).to.equal(3);
    expect((await view(noted)).noteCount).to.be.lessThan(before[noted].noteCount);

    // The worker's start-up check brings them up to date, saying so for each case.
    const logs = captureLogs();
    const started = Date.now();
    const result = await checkReadModelAtStart({ client: system.client, db: system.db, taskQueue: 'drill', dataDir, workflowBundle, log: testLogger('casework-worker') });
    const took = Date.now() - started;
    logs.stop();
    expect(result?.gaps.filter((g) => g.repairedAt).map((g) => g.caseId).sort()).to.deep.equal([moved, noted, late].sort());
    for (const id of [moved, noted, late]) expect(logs.lines.some((l) => l.includes(id) && l.includes('brought up to date from its history')), `a log line names ${id}`).to.equal(true);
    expect((await system.api.get('/health/ready')).body.readModel).to.deep.equal({ casesBehind: 0 });
    expect(await behindGauge()).to.equal(0);
    expect((await listGaps(system.db)).map((g) => g.caseId).sort()).to.deep.equal([moved, noted, late].sort());
    for (const id of ids) {
      expect(await view(id), id).to.deep.equal(before[id]);
      expect((await system.api.get(`/cases/${id}/events/verify`)).body, id).to.include({ valid: true });
    }
    console.log(`      read model check: ${ids.length} cases checked, 3 brought up to date in ${took} ms`);

    // They act from where their workflows are, and the next case takes a number of its own.
    expect((await system.api.post(`/cases/${noted}/screening`, { decision: 'accept', reason: 'After the restore' })).status).to.equal(200);
    expect((await system.api.post(`/cases/${late}/assessment`, { data: { severity: 1, housing_risk: false } })).status).to.equal(200);
    const next = await open('Opened after the restore');
    expect(ids).to.not.include(next);
    // A second check finds nothing behind.
    expect((await checkReadModel({ client: system.client, db: system.db, taskQueue: 'drill', workflowBundle, log: quiet })).gaps).to.deep.equal([]);
  });
});
