/**
 * `npm run bench`: measured figures for the case engine against raw Temporal on this machine.
 * Starts its own dev server (or uses TEMPORAL_ADDRESS), the case worker, a baseline worker and the
 * API, runs five parts, prints a table and writes bench/results.json. `-- --quick` runs every part
 * at a tenth of the size and writes bench/results.quick.json; `-- --concurrency N` changes how
 * many requests are in flight at once (16), `-- --cache N` the workers' workflow cache (250, the
 * product's default), `-- --database postgres` puts every read model the run makes on a PostgreSQL
 * server it starts (bench/read-model.ts), and `-- --only list|pages|console|get-next|parked` runs one part
 * alone (list and pages with a dev server and the API only), writing bench/results.<part>[.quick][.postgres].json;
 * `-- --only commands` runs parts 1, 1b and 2 alone (bench/results.commands.json). `-- --rows N` gives the list part N cases
 * (100,000, or 10,000 with `--quick`); with `--only list` it writes bench/results.list.<N>[.quick][.postgres].json. WORKFLOW_BUNDLE (`npm run bundle`) reaches the case worker as it would in a
 * deployment; without it the worker has a short-lived process bundle its workflows on start.
 * BENCH_PROFILE_DIR=<dir> has the worker, the API and the baseline write CPU profiles there.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { ensureTemporalCli } from '../scripts/provision-temporal';
import { commandsPart } from './commands';
import { consolePart } from './console';
import { definitionsPart } from './definitions';
import { gapPart } from './gap';
import { getNextPart } from './get-next';
import { lifecyclePart } from './lifecycle';
import { listPart } from './list';
import { opensPart } from './opens';
import { pagesPart } from './pages';
import { BENCH_DATABASES, newReadModel, type BenchDatabase } from './read-model';
import { parkedPart } from './parked';
import { printCommandRows, printTable, RESULTS_FILE, TARGETS, writeResults } from './report';
import { startSystem, startTemporal, type BenchSystem } from './system';
import { rssMb } from './procs';
import { Teardown } from './teardown';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    concurrency: { type: 'string', default: '16' },
    cache: { type: 'string', default: '250' },
    only: { type: 'string' },
    database: { type: 'string', default: 'sqlite' },
    rows: { type: 'string' },
  },
});
const ONLY = ['commands', 'get-next', 'console', 'list', 'pages', 'parked'];
if (args.only !== undefined && !ONLY.includes(args.only)) throw new Error(`--only takes one of ${ONLY.join(', ')} (got '${args.only}')`);
if (!(BENCH_DATABASES as readonly string[]).includes(args.database!)) throw new Error(`--database takes one of ${BENCH_DATABASES.join(', ')} (got '${args.database}')`);
const database = args.database as BenchDatabase;
const scale = args.quick ? 0.1 : 1;
// Seeded ids are `seed-` and seven digits; fewer than 1,000 rows leave a filter of the list with none.
const ROWS = { min: 1_000, max: 9_999_999 };
if (args.rows !== undefined && !(/^\d+$/.test(args.rows) && Number(args.rows) >= ROWS.min && Number(args.rows) <= ROWS.max)) {
  throw new Error(`--rows takes the list part's number of cases, a whole number from ${ROWS.min} to ${ROWS.max} (got '${args.rows}')`);
}
if (args.rows !== undefined && args.only !== undefined && args.only !== 'list') throw new Error(`--rows sizes the list part, which --only ${args.only} does not run`);
const sizes = {
  concurrency: Number(args.concurrency),
  commands: 2_000 * scale,
  workflows: 64,
  parked: 10_000 * scale,
  rows: args.rows !== undefined ? Number(args.rows) : 100_000 * scale,
  // "Get next": 10,000 people in teams of 100, over 100,000 open tasks.
  people: 10_000 * scale,
  openTasks: 100_000 * scale,
  getNextRequests: 1_000 * scale,
  // The console's pages are measured at the size their target names, in a quick run too.
  consoleRows: 100_000,
  consoleRequests: args.quick ? 100 : 300,
  listRequests: 500,
  pageRequests: args.quick ? 50 : 200,
  sequential: args.quick ? 100 : 400,
  // The worker gives memory back some 40 s after it goes idle (V8's memory reducer): both runs wait 60 s.
  settleSec: 60,
  // 1,000 is the worker's default: cases beyond it are evicted and replayed when they next act.
  cacheSize: Number(args.cache),
};

async function temporalVersion(sys: BenchSystem): Promise<string> {
  if (!process.env.TEMPORAL_ADDRESS) return spawnSync(ensureTemporalCli(), ['--version'], { encoding: 'utf8' }).stdout.trim();
  return `server ${(await sys.client.workflowService.getSystemInfo({})).serverVersion}`;
}

const workerBundle = () => (process.env.WORKFLOW_BUNDLE ? 'prebuilt' : 'bundled on start by a child process');

const memory: Record<string, Record<string, number | null>> = {};

/** Resident memory of each process after a stretch, to tell what the cache holds from what start-up left. */
function sampleMemory(sys: BenchSystem, after: string): void {
  const mb = (pid?: number) => (pid ? Math.round(rssMb(pid)) : null);
  memory[after] = { worker: mb(sys.worker.pid), baselineWorker: mb(sys.noopWorker.pid), server: mb(sys.serverPid), api: mb(sys.api.pid) };
}

async function part<T>(sys: BenchSystem, name: string, run: () => Promise<T>): Promise<T> {
  console.log(`\n${name}`);
  const result = await Promise.race([run(), sys.failed]);
  sampleMemory(sys, name.replace(/^\d+b?\. /, ''));
  return result;
}

async function main(t: Teardown): Promise<void> {
  const started = performance.now();
  const loadAtStart = os.loadavg().map((n) => Math.round(n * 100) / 100);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-bench-'));
  t.add('the temporary directory', () => fs.rmSync(tmp, { recursive: true, force: true }));
  const apiKey = `cw_bench_${randomBytes(24).toString('base64url')}`;
  const o = { tmp, apiKey, cacheSize: sizes.cacheSize, concurrency: sizes.concurrency };

  if (args.only === 'get-next') {
    // Part 8 needs only its own database; `-- --only get-next` runs it alone.
    console.log('\n8. get next');
    const getNext = await getNextPart({ tmp, people: sizes.people, tasks: sizes.openTasks, requests: sizes.getNextRequests });
    console.log(JSON.stringify(getNext, null, 2));
    writeResults({ getNext, mode: args.quick ? 'quick' : 'full', measuredAt: new Date().toISOString() }, RESULTS_FILE.replace(/\.json$/, `.get-next${args.quick ? '.quick' : ''}.json`));
    return;
  }
  const onlyFile = (part: string) => RESULTS_FILE.replace(/\.json$/, `.${part}${args.quick ? '.quick' : ''}${database === 'postgres' ? '.postgres' : ''}.json`);
  // A list run of another size keeps its own file beside the usual one: `results.list.1000000.postgres.json`.
  const listFile = onlyFile(args.rows !== undefined ? `list.${sizes.rows}` : 'list');
  const stamp = () => ({ database, mode: args.quick ? 'quick' : 'full', loadAverage: { atStart: loadAtStart, atEnd: os.loadavg().map((n) => Math.round(n * 100) / 100) }, measuredAt: new Date().toISOString() });
  if (args.only === 'console') {
    // The console's part needs no Temporal: `-- --only console` runs it alone.
    console.log(`\n9. console: dashboard and board (${database})`);
    const consoleResult = await consolePart({ readModel: await newReadModel(t, database, path.join(tmp, 'console')), rows: sizes.consoleRows, requests: sizes.consoleRequests });
    writeResults({ console: consoleResult, targets: TARGETS, ...stamp() }, onlyFile('console'));
    console.log(`\n  p95 target ${TARGETS.consolePageP95Ms} ms: dashboard ${consoleResult.dashboard.p95Ms <= TARGETS.consolePageP95Ms ? 'met' : 'MISSED'}, board ${consoleResult.board.p95Ms <= TARGETS.consolePageP95Ms ? 'met' : 'MISSED'}`);
    return;
  }
  if (args.only === 'list' || args.only === 'pages') {
    // Both read through the API, which connects to Temporal on start; no worker is needed.
    const { address } = await startTemporal(t, tmp);
    const api = { ...o, address, taskQueue: `bench-reads-${process.pid}` };
    if (args.only === 'list') {
      console.log(`\n4. list (${database})`);
      const list = await listPart(t, { ...api, readModel: await newReadModel(t, database, path.join(tmp, 'list')), rows: sizes.rows, requests: sizes.listRequests });
      writeResults({ list, targets: TARGETS, ...stamp() }, listFile);
      return;
    }
    console.log(`\n7. console pages (${database})`);
    const pages = await pagesPart(t, { ...api, readModel: await newReadModel(t, database, path.join(tmp, 'pages')), seedRows: sizes.consoleRows, requests: sizes.pageRequests });
    writeResults({ pages, targets: TARGETS, ...stamp() }, onlyFile('pages'));
    return;
  }
  console.log(`starting Temporal, the workers and the API (${args.quick ? 'quick run' : 'full run'})`);
  const sys = await startSystem(t, { ...o, readModel: await newReadModel(t, database, path.join(tmp, 'cases')) });
  sampleMemory(sys, 'start');
  const parkCases = () => parkedPart(sys, { cases: sizes.parked, concurrency: sizes.concurrency, cacheSize: sizes.cacheSize, settleSec: sizes.settleSec });
  if (args.only === 'parked') {
    // Nothing but parked cases on a fresh system: `-- --only parked` weighs a change to the worker's memory.
    const parked = await part(sys, '3. parked', parkCases);
    console.log(JSON.stringify(parked, null, 2));
    writeResults({ parked, memoryMb: memory, targets: TARGETS, machine: { cpus: os.cpus().length, node: process.version }, workerBundle: workerBundle(), ...stamp() }, onlyFile('parked'));
    console.log(`\n  worker ${parked.workerRssMb} MB after ${parked.settledAfterSec} s idle: target < ${TARGETS.workerRssMb} MB ${parked.workerRssMb < TARGETS.workerRssMb ? 'met' : 'MISSED'}`);
    return;
  }
  const commands = await part(sys, '1. commands', () => commandsPart(sys, { count: sizes.commands, concurrency: sizes.concurrency, workflows: sizes.workflows }));
  const gap = await part(sys, '1b. where a command\'s cost goes', () =>
    gapPart(sys, { count: sizes.commands / 2, concurrency: sizes.concurrency, workflows: sizes.workflows, sequential: sizes.sequential }),
  );
  const opens = await part(sys, '2. opens', () => opensPart(sys, { count: sizes.commands, concurrency: sizes.concurrency }));
  if (args.only === 'commands') {
    // Parts 1, 1b and 2 share one system: `-- --only commands` runs them alone, to weigh a change to a command's path.
    const results = { commands, gap, opens, concurrency: sizes.concurrency, machine: { cpus: os.cpus().length, loadAverage: { atStart: loadAtStart, atEnd: os.loadavg().map((n) => Math.round(n * 100) / 100) } }, database, mode: args.quick ? 'quick' : 'full', measuredAt: new Date().toISOString() };
    console.log('');
    printCommandRows(results);
    writeResults(results, onlyFile('commands'));
    return;
  }
  const lifecycle = await part(sys, '5. lifecycle', () => lifecyclePart(sys));
  const parked = await part(sys, '3. parked', parkCases);
  const listReadModel = await newReadModel(t, database, path.join(tmp, 'list'));
  const list = await part(sys, '4. list', () =>
    listPart(t, { ...o, readModel: listReadModel, rows: sizes.rows, requests: sizes.listRequests, address: sys.address, taskQueue: sys.caseQueue }),
  );
  // The pages are measured at 100,000 cases: on the list part's read model when it has that many, on one of their own otherwise.
  const pagesOwn = sizes.rows !== sizes.consoleRows;
  const pagesReadModel = pagesOwn ? await newReadModel(t, database, path.join(tmp, 'pages')) : listReadModel;
  const pages = await part(sys, '7. console pages', () =>
    pagesPart(t, { ...o, readModel: pagesReadModel, ...(pagesOwn ? { seedRows: sizes.consoleRows } : {}), requests: sizes.pageRequests, address: sys.address, taskQueue: sys.caseQueue }),
  );
  const definitions = await part(sys, '6. checking a definition of the largest size', async () => definitionsPart());
  const getNext = await part(sys, '8. get next', () => getNextPart({ tmp, people: sizes.people, tasks: sizes.openTasks, requests: sizes.getNextRequests }));
  const consoleReadModel = await newReadModel(t, database, path.join(tmp, 'console'));
  const consoleResult = await part(sys, '9. console: dashboard and board', () => consolePart({ readModel: consoleReadModel, rows: sizes.consoleRows, requests: sizes.consoleRequests }));

  const results = {
    commands,
    gap,
    opens,
    parked,
    list,
    pages,
    lifecycle,
    definitions,
    getNext,
    console: consoleResult,
    machine: { cpus: os.cpus().length, node: process.version, temporal: await temporalVersion(sys), cpuModel: os.cpus()[0]?.model,
      loadAverage: { atStart: loadAtStart, atEnd: os.loadavg().map((n) => Math.round(n * 100) / 100) },
    },
    memoryMb: memory,
    mode: args.quick ? 'quick' : 'full',
    database,
    workerBundle: workerBundle(),
    concurrency: sizes.concurrency,
    targets: TARGETS,
    durationSec: Math.round((performance.now() - started) / 1000),
    measuredAt: new Date().toISOString(),
  };
  console.log('');
  printTable(results);
  writeResults(results, RESULTS_FILE.replace(/\.json$/, `${args.quick ? '.quick' : ''}${database === 'postgres' ? '.postgres' : ''}.json`));
}

const teardown = new Teardown();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping`);
    void teardown.run().finally(() => process.exit(130));
  });
}
// The benchmark's own signal handling above stops everything in order; the runtime must not.
Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
main(teardown)
  .then(() => teardown.run())
  .then(() => process.exit(0))
  .catch(async (err) => {
    console.error(`\nthe benchmark failed: ${err instanceof Error ? err.stack : err}`);
    await teardown.run();
    process.exit(1);
  });
