/**
 * `npm run api` and `npm run worker`, each its own process as deployed (the Temporal runtime, with
 * its metrics exporter, is installed once per process): one trace across both, sent over OTLP/HTTP
 * to a collector (here a loopback receiver written for the test), from the API's span through the
 * Temporal client to the workflow's update and the activities the worker ran for it; each
 * process's metrics on its METRICS_PORT, the worker's with the Temporal runtime's; JSON log lines.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { makeWorkflowExporter } from '@temporalio/interceptors-opentelemetry';
import { Resource } from '@opentelemetry/resources';
import { NoopSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { writeWorkflowBundle } from '../../scripts/bundle-workflows';
import { freePort } from '../../runtime/free-port';
import { eventually } from '../helpers/eventually';
import { httpClient, type Http } from '../helpers/system';
import { getEnv } from '../helpers/temporal-env';

const ROOT = path.resolve(__dirname, '..', '..');

interface ReceivedSpan {
  service: string;
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
}

/** An OTLP/HTTP receiver of JSON trace exports: what a collector would be handed. */
async function otlpReceiver(): Promise<{ url: string; spans: ReceivedSpan[]; close(): Promise<void> }> {
  const spans: ReceivedSpan[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces') {
        const doc = JSON.parse(body) as { resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: ReceivedSpan[] }[] }[] };
        for (const rs of doc.resourceSpans) {
          const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
          for (const ss of rs.scopeSpans) for (const s of ss.spans) spans.push({ service, name: s.name, traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId || undefined });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('the API and worker processes, observed: traces, metrics and logs', () => {
  const children: ChildProcess[] = [];
  let dataDir: string;
  let bundle: string;
  let receiver: Awaited<ReturnType<typeof otlpReceiver>>;
  let output = '';
  let api: Http;
  let adminKey: string;
  const ports = { api: 0, apiMetrics: 0, workerMetrics: 0 };
  before(async () => {
    const env = await getEnv();
    receiver = await otlpReceiver();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-processes-'));
    bundle = await writeWorkflowBundle(path.join(dataDir, 'workflow-bundle.js'), { tracing: true });
    for (const k of Object.keys(ports) as (keyof typeof ports)[]) ports[k] = await freePort();
    adminKey = `cw_${randomBytes(32).toString('base64url')}`;
    const common = { ...process.env, DATA_DIR: dataDir, TEMPORAL_ADDRESS: env.address, TASK_QUEUE: `processes-${process.pid}`, WORKFLOW_BUNDLE: bundle, SMTP_URL: 'smtp://127.0.0.1:9', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, LOG_LEVEL: 'info', METRICS_HOST: '127.0.0.1' };
    const start = (script: string, extra: Record<string, string>) => {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, script)], { cwd: ROOT, env: { ...common, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
      children.push(child);
    };
    start('server/main.ts', { PORT: String(ports.api), HOST: '127.0.0.1', ADMIN_API_KEY: adminKey, METRICS_PORT: String(ports.apiMetrics) });
    start('worker/main.ts', { METRICS_PORT: String(ports.workerMetrics) });
    api = httpClient(`http://127.0.0.1:${ports.api}`, adminKey);
    await eventually(async () => {
      if (children.some((c) => c.exitCode !== null)) throw new Error(`a process exited: ${output}`);
      if ((await api.get('/health/ready')).status !== 200) throw new Error('the API is not ready');
    }, 60_000);
  });
  after(async () => {
    await Promise.all(children.filter((c) => c.exitCode === null).map((c) => new Promise((resolve) => { c.once('exit', resolve); c.kill('SIGTERM'); })));
    await receiver?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('exports the spans of both processes over OTLP, joined in the caller\'s trace', async () => {
    const traceId = randomBytes(16).toString('hex');
    const parentSpanId = randomBytes(8).toString('hex');
    const traceparent = `00-${traceId}-${parentSpanId}-01`;
    const opened = await api.post('/cases', { definition: 'hr-grievance', title: 'Shift allocation', intake: { employee_name: 'Sam Lee', employee_email: 'sam@example.org', department: 'operations', grievance_category: 'workload', raised_in_writing: true, description: 'Weekend shifts have been allocated to the same four people for months.' } }, { traceparent });
    expect(opened.status, JSON.stringify(opened.body)).to.equal(201);
    const noted = await api.post(`/cases/${opened.body.id}/notes`, { text: 'Called back' }, { traceparent });
    expect(noted.status, JSON.stringify(noted.body)).to.equal(200);

    const spans = await eventually(async () => {
      const mine = receiver.spans.filter((s) => s.traceId === traceId);
      const names = mine.map((s) => `${s.service} ${s.name}`);
      for (const wanted of ['casework-api POST /cases', 'casework-api POST /cases/:id/notes', 'casework-api StartWorkflowUpdate:addNote', 'casework-worker HandleUpdate:addNote', 'casework-worker RunActivity:recordCase']) {
        if (!names.includes(wanted)) throw new Error(`no span ${wanted} yet; have ${names.join(', ')}`);
      }
      return mine;
    }, 30_000);
    const one = (service: string, name: string) => {
      const found = spans.filter((s) => s.service === service && s.name === name);
      expect(found, `${service} ${name} in ${spans.map((x) => `${x.service} ${x.name}`).join(', ')}`).to.have.length.at.least(1);
      return found[0];
    };
    // The caller's span, the API's request, its Temporal call, and the worker's handling: one tree.
    const open = one('casework-api', 'POST /cases');
    expect(open.parentSpanId).to.equal(parentSpanId);
    const openCall = one('casework-api', 'UpdateWithStartWorkflow:caseOpened');
    expect(openCall.parentSpanId).to.equal(open.spanId);
    expect(one('casework-worker', 'HandleUpdate:caseOpened').parentSpanId).to.equal(openCall.spanId);
    const note = one('casework-api', 'POST /cases/:id/notes');
    const noteCall = one('casework-api', 'StartWorkflowUpdate:addNote');
    expect(noteCall.parentSpanId).to.equal(note.spanId);
    expect(one('casework-worker', 'HandleUpdate:addNote').parentSpanId).to.equal(noteCall.spanId);
    // Each activity run is the child of the workflow's scheduling of it.
    const scheduled = new Set(spans.filter((s) => s.name === 'StartActivity:recordCase').map((s) => s.spanId));
    const recorded = spans.filter((s) => s.name === 'RunActivity:recordCase');
    expect(recorded).to.have.length.at.least(1);
    for (const r of recorded) expect(scheduled.has(r.parentSpanId!)).to.equal(true);
  });

  it('serves the worker\'s metrics, with the Temporal runtime\'s, and the API\'s on their METRICS_PORTs, apart from the API\'s port', async () => {
    const worker = await eventually(async () => {
      const body = await (await fetch(`http://127.0.0.1:${ports.workerMetrics}/metrics`)).text();
      if (!/^temporal_num_pollers/m.test(body)) throw new Error('no poller metrics yet');
      return body;
    }, 30_000);
    expect(worker).to.match(/^casework_worker_process_resident_memory_bytes \d+/m);
    expect(worker).to.match(/^temporal_worker_task_slots_available\{[^}]*task_queue="processes-/m);
    expect((await fetch(`http://127.0.0.1:${ports.workerMetrics}/health/live`)).status).to.equal(200);
    const apiMetrics = await (await fetch(`http://127.0.0.1:${ports.apiMetrics}/metrics`)).text();
    expect(apiMetrics).to.match(/^casework_http_requests_total\{route="\/health\/ready",method="GET",status="200"\} \d+/m);
    // With a port of its own, the API's port does not serve them.
    const onApiPort = await fetch(`http://127.0.0.1:${ports.api}/metrics`);
    expect(onApiPort.status).to.equal(401);
    expect(await onApiPort.text()).not.to.include('casework_http_requests_total');
  });

  it('writes JSON lines only, each naming its process', () => {
    const lines = output.split('\n').filter(Boolean);
    const parsed = lines.map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON line: ${l}`);
      }
    });
    expect(parsed.find((l) => l.msg === 'worker polling')).to.include({ name: 'casework-worker', level: 'info', metricsPort: ports.workerMetrics });
    expect(parsed.some((l) => l.name === 'casework-api' && l.requestId && l.route === '/cases/:id/notes' && l.actor)).to.equal(true);
  });

  it('the bundle a worker runs loads CEL\'s library and the definitions\' expressions (with re2js) once per worker thread, before any case, and the workflow code uses those very modules', () => {
    const code = fs.readFileSync(bundle, 'utf8');
    const preload = /exports\.preloadModules = function preloadModules\(\) \{([^}]*)\}/.exec(code);
    expect(preload, 'the bundle has no preload function').to.not.equal(null);
    const preloaded = [...preload![1].matchAll(/"(\.\/[^"]+)"/g)].map((m) => m[1]);
    expect(preloaded).to.deep.equal(['./node_modules/@marcbachmann/cel-js/lib/index.js', './definitions/expressions.ts']);
    // A second copy of a library would be evaluated for each case, the preloaded one for nobody.
    const modules = (prefix: string) => [...new Set([...code.matchAll(/^\/\*{3}\/ "(\.\/node_modules\/[^"]+)"/gm)].map((m) => m[1]).filter((id) => id.startsWith(prefix) && id.includes('/index.')))];
    expect(modules('./node_modules/re2js/')).to.deep.equal(['./node_modules/re2js/build/index.js']);
    expect(modules('./node_modules/@marcbachmann/cel-js/')).to.deep.equal(['./node_modules/@marcbachmann/cel-js/lib/index.js']);
  });

  it('the bundle with the tracing interceptors replays every recorded case history, so turning tracing on does not break running cases', async () => {
    const dir = path.join(__dirname, '..', 'fixtures', 'histories');
    const histories = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((file) => ({ workflowId: file.replace(/\.json$/, ''), history: historyFromJSON(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))) }));
    const results = [];
    // The workflow interceptors hand their spans to this sink; a replay's are dropped.
    const sinks = { exporter: makeWorkflowExporter(new NoopSpanProcessor(), new Resource({})) };
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: bundle }, sinks }, histories)) results.push({ id: result.workflowId, error: result.error?.message });
    expect(results).to.deep.equal(histories.map((h) => ({ id: h.workflowId, error: undefined })));
  });
});
