/**
 * `npm run worker` with METRICS_PORT, as its own process (the Temporal runtime is installed once
 * per process, with its metrics exporter): its metrics page holds the process's own metrics and the
 * runtime's, and it logs JSON lines.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { writeWorkflowBundle } from '../../scripts/bundle-workflows';
import { freeLoopbackPort } from '../../worker/metrics';
import { eventually } from '../helpers/eventually';
import { getEnv } from '../helpers/temporal-env';

const ROOT = path.resolve(__dirname, '..', '..');

describe('worker metrics: the worker process serves its own and the Temporal runtime metrics on METRICS_PORT', () => {
  let dataDir: string;
  let worker: ChildProcess | undefined;
  let output = '';
  after(async () => {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((resolve) => worker!.once('exit', resolve));
      worker.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers /metrics with casework_worker_ process metrics and temporal_ runtime metrics, and logs JSON', async () => {
    const env = await getEnv();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-worker-metrics-'));
    const bundle = await writeWorkflowBundle(path.join(dataDir, 'workflow-bundle.js'));
    const port = await freeLoopbackPort();
    worker = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'worker', 'main.ts')], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, TEMPORAL_ADDRESS: env.address, TASK_QUEUE: `metrics-${process.pid}`, WORKFLOW_BUNDLE: bundle, SMTP_URL: 'smtp://127.0.0.1:9', METRICS_PORT: String(port), METRICS_HOST: '127.0.0.1', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    worker.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const text = await eventually(async () => {
      if (worker!.exitCode !== null) throw new Error(`the worker exited: ${output}`);
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      const body = await res.text();
      if (!/^temporal_num_pollers/m.test(body)) throw new Error('no poller metrics yet');
      return body;
    }, 60_000);
    expect(text).to.match(/^casework_worker_process_resident_memory_bytes \d+/m);
    expect(text).to.match(/^temporal_worker_task_slots_available\{[^}]*task_queue="metrics-/m);
    expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).to.equal(200);
    const started = output.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'worker polling');
    expect(started).to.include({ name: 'casework-worker', level: 'info', metricsPort: port });
  });
});
