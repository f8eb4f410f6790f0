/**
 * A move job cut short by its API process dying goes on by itself: `npm run api` processes started
 * afterwards take it up once the dead process's claim runs out, under the start-up lock, so that
 * of two started together only one runs it, and each case moves once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { DefinitionInput } from '../../common/definition-schema';
import { freePort } from '../../runtime/free-port';
import { quickCase } from '../fixtures/definitions';
import { toImplementation } from '../helpers/cases';
import { eventually } from '../helpers/eventually';
import { httpClient, publishDefinition, startSystem, type TestSystem } from '../helpers/system';

const ROOT = path.resolve(__dirname, '..', '..');
const LEASE_SECONDS = 3;
const version2: DefinitionInput = { ...quickCase, follow_up: { cadence: { low: 'PT40S', moderate: 'PT20S', high: 'PT10S' }, window: 'PT20S' } };

describe('move jobs across API restarts', () => {
  let sys: TestSystem;
  let definitionsDir: string;
  const children: ChildProcess[] = [];
  before(async () => {
    sys = await startSystem({ definitions: [quickCase], database: 'sqlite' });
    definitionsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-no-definitions-'));
  });
  after(async () => {
    await Promise.all(children.filter((c) => c.exitCode === null && c.signalCode === null).map((c) => new Promise((resolve) => { c.once('exit', resolve); c.kill('SIGTERM'); })));
    await sys?.stop();
    fs.rmSync(definitionsDir, { recursive: true, force: true });
  });

  /** `npm run api` on the test system's database, Temporal and task queue; answers its address once it is ready. */
  async function startApi(): Promise<{ child: ChildProcess; url: string; output: () => string }> {
    const port = await freePort();
    const env = { DATA_DIR: sys.dataDir, TEMPORAL_ADDRESS: sys.env.address, TASK_QUEUE: sys.taskQueue, DEFINITIONS_DIR: definitionsDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', METRICS_ENABLED: 'false', MOVE_JOB_LEASE_SECONDS: String(LEASE_SECONDS) };
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'main.ts')], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const url = `http://127.0.0.1:${port}`;
    await eventually(async () => {
      if (child.exitCode !== null) throw new Error(`the API process exited:\n${output}`);
      if ((await httpClient(url).get('/health/live')).status !== 200) throw new Error('not ready yet');
    }, 90_000);
    return { child, url, output: () => output };
  }

  const jobCases = async (jobId: number) => (await sys.db('version_move_cases').where({ job_id: jobId }).select('case_id', 'status')) as Array<{ case_id: string; status: string }>;

  it('resumes a job whose API process was killed midway, in one of two processes started after it, moving each case once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await toImplementation(sys));
    await publishDefinition(sys.db, version2);

    const first = await startApi();
    const started = await httpClient(first.url, sys.admin.key).post('/definitions/quick-case/moves', { from: 1, reason: 'Longer follow-ups for low risk' });
    expect(started.status, JSON.stringify(started.body)).to.equal(202);
    const jobId = started.body.id as number;
    // The process dies as soon as its first case is moved: its next move may be on its way to the case.
    await eventually(async () => {
      if (!(await jobCases(jobId)).some((c) => c.status === 'moved')) throw new Error('no case moved yet');
    }, 30_000, 5);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const cut = await jobCases(jobId);
    expect(cut.filter((c) => c.status === 'pending').length, JSON.stringify(cut)).to.be.at.least(1);
    expect((await sys.db('version_move_jobs').where({ id: jobId }).first()).runner).to.be.a('string');

    const [second, third] = await Promise.all([startApi(), startApi()]);
    const done = await eventually(async () => {
      const now = await jobCases(jobId);
      if (now.some((c) => c.status === 'pending')) throw new Error(`cases still pending: ${JSON.stringify(now)}`);
      return now;
    }, 60_000);
    expect(done.map((c) => c.status)).to.deep.equal(ids.map(() => 'moved'));
    for (const id of ids) {
      const view = (await sys.http.get(`/cases/${id}`)).body;
      expect(view.definition.version, id).to.equal(2);
      const moves = (await sys.http.get(`/cases/${id}/events`)).body.items.filter((e: { type: string }) => e.type === 'version_moved');
      expect(moves, `${id} moved once`).to.have.length(1);
    }
    // The job is given back once every case is reached: nobody holds it.
    await eventually(async () => expect((await sys.db('version_move_jobs').where({ id: jobId }).first()).runner).to.equal(null));
    for (const api of [second, third]) expect(api.output(), 'no process failed').not.to.match(/"level":(50|60)/);
  });
});
