/** The results: a table on the console, against the targets, and bench/results.json. */
import fs from 'node:fs';
import path from 'node:path';

export const TARGETS = {
  commandThroughputRatio: 0.9,
  commandP99Ratio: 1.2,
  workerRssMb: 400,
  listP99Ms: 30,
  historyEvents: 150,
  definitionCheckMs: 1000,
  consolePageP95Ms: 150,
  pageP95Ms: 100,
};

export const RESULTS_FILE = path.join(__dirname, 'results.json');

type Row = [string, string, string | number | null | undefined, string?, boolean?];

const verdict = (met?: boolean) => (met === undefined ? '' : met ? 'met' : 'MISSED');
const fmt = (v: Row[2]) => (v === null || v === undefined ? 'n/a' : String(v));

const cpu = (per: Record<string, number>) =>
  Object.entries(per)
    .map(([name, ms]) => `${name} ${ms.toFixed(1)}`)
    .join(', ');

const timeline = (memory: Record<string, Record<string, number | null>>, who: string) =>
  ['start', 'commands', 'opens', 'parked'].map((point) => fmt(memory[point]?.[who])).join(' / ');

const GAP_SIDES = ['raw', 'searchAttribute', 'localActivity', 'both'] as const;

/** Part 1b: the baseline update with a case command's costs added one at a time. */
function gapRows(g: any): Row[] {
  const each = (read: (m: any) => number | undefined) => GAP_SIDES.map((side) => fmt(read(g[side]))).join(' / ');
  const one = g.oneAtATime;
  return [
    ['gap', `updates/s: raw / + search attribute / + local activity / + both (${g.count}, ${g.concurrency} at once)`, each((m) => m.perSec)],
    ['', 'p99 ms, same order', each((m) => m.p99Ms)],
    ['', 'server CPU ms per update, same order', each((m) => m.cpuMsPerOp.server)],
    ['', 'worker CPU ms per update, same order', each((m) => m.cpuMsPerOp.worker)],
    ['', `one at a time, p50 ms: raw update / raw + both / api follow-up / api read (${one.count})`,
      [one.rawUpdate, one.rawUpdateWithBoth, one.apiFollowUp, one.apiRead].map((m) => fmt(m.p50Ms)).join(' / ')],
  ];
}

/** Parts 1, 1b and 2: what a command and an open cost against raw Temporal. */
function commandRows(r: any): Row[] {
  const c = r.commands;
  const t = TARGETS;
  return [
    ['commands', `api follow-ups/s (${c.count}, ${r.concurrency} at once)`, c.api.perSec],
    ['', 'raw updates/s', c.raw.perSec],
    ['', 'api p50 / p99 ms', `${c.api.p50Ms} / ${c.api.p99Ms}`],
    ['', 'raw p50 / p99 ms', `${c.raw.p50Ms} / ${c.raw.p99Ms}`],
    ['', 'throughput api/raw', c.ratios.throughput, `>= ${t.commandThroughputRatio}`, c.ratios.throughput >= t.commandThroughputRatio],
    ['', 'p99 api/raw', c.ratios.p99, `<= ${t.commandP99Ratio}`, c.ratios.p99 <= t.commandP99Ratio],
    ['', 'events / workflow tasks per command, api', `${c.api.perCommand.events} / ${c.api.perCommand.workflowTasks}`],
    ['', 'events / workflow tasks per command, raw', `${c.raw.perCommand.events} / ${c.raw.perCommand.workflowTasks}`],
    ['', 'CPU ms per command, api', cpu(c.api.cpuMsPerOp)],
    ['', 'CPU ms per command, raw', cpu(c.raw.cpuMsPerOp)],
    ...gapRows(r.gap),
    ['opens', `api opens/s (${r.opens.count})`, r.opens.api.perSec],
    ['', 'raw starts/s', r.opens.raw.perSec],
    ['', 'raw update-with-start/s', r.opens.rawUpdateWithStart.perSec],
    ['', 'api/raw start, api/raw update-with-start', `${r.opens.ratios.start.throughput} / ${r.opens.ratios.updateWithStart.throughput}`],
    ['', 'CPU ms per open, api', cpu(r.opens.api.cpuMsPerOp)],
    ['', 'CPU ms per open, raw update-with-start', cpu(r.opens.rawUpdateWithStart.cpuMsPerOp)],
  ];
}

function rows(r: any): Row[] {
  const t = TARGETS;
  return [
    ...commandRows(r),
    ['parked', 'cases on follow-up timers', r.parked.cases],
    ['', `worker RSS MB, idle ${r.parked.settledAfterSec} s (cache ${r.parked.workflowCacheSize}, ${r.workerBundle})`, r.parked.workerRssMb, `< ${t.workerRssMb}`, r.parked.workerRssMb < t.workerRssMb],
    ['', 'dev server RSS MB, same moment', r.parked.serverRssMb],
    ['', 'worker / dev server RSS MB just after parking', `${r.parked.workerRssJustAfterMb} / ${fmt(r.parked.serverRssJustAfterMb)}`],
    ['', 'worker / dev server peak RSS MB', `${r.parked.workerPeakRssMb} / ${fmt(r.parked.serverPeakRssMb)}`],
    ['', 'worker RSS MB after start / commands / opens / parked', timeline(r.memoryMb, 'worker')],
    ['', 'baseline worker RSS MB, same points', timeline(r.memoryMb, 'baselineWorker')],
    ['list', 'rows', r.list.rows],
    ['', `p50 / p99 ms (${r.list.requests} requests)`, `${r.list.p50Ms} / ${r.list.p99Ms}`, `p99 < ${t.listP99Ms}`, r.list.p99Ms < t.listP99Ms],
    ...(r.pages
      ? Object.entries(r.pages.pages as Record<string, { p50Ms: number; p95Ms: number; requests: number }>).map(([name, p], i): Row => [
          i === 0 ? 'pages' : '',
          `${name} p50 / p95 ms (${p.requests} requests)`,
          `${p.p50Ms} / ${p.p95Ms}`,
          `p95 < ${t.pageP95Ms}`,
          p.p95Ms < t.pageP95Ms,
        ])
      : []),
    ['lifecycle', 'history events', r.lifecycle.historyEvents, `<= ${t.historyEvents}`, r.lifecycle.historyEvents <= t.historyEvents],
    ['', 'replay ms (first / warm)', `${r.lifecycle.replayMs} / ${r.lifecycle.replayWarmMs}`],
    ...(r.definitions
      ? [['definitions', `slowest check of a largest definition (${r.definitions.shapes} shapes), ms`, r.definitions.worstMs, `< ${t.definitionCheckMs}`, r.definitions.worstMs < t.definitionCheckMs] as Row]
      : []),
    ...(r.console
      ? ([
          ['console', `dashboard server ms p50 / p95 (${r.console.rows} cases, ${r.console.dashboard.requests} pages)`, `${r.console.dashboard.p50Ms} / ${r.console.dashboard.p95Ms}`, `p95 < ${t.consolePageP95Ms}`, r.console.dashboard.p95Ms < t.consolePageP95Ms],
          ['', `board server ms p50 / p95 (${r.console.board.requests} pages)`, `${r.console.board.p50Ms} / ${r.console.board.p95Ms}`, `p95 < ${t.consolePageP95Ms}`, r.console.board.p95Ms < t.consolePageP95Ms],
        ] as Row[])
      : []),
    ['machine', 'cpus, node', `${r.machine.cpus}, ${r.machine.node}`],
    ['', 'temporal', r.machine.temporal],
    ['', 'load average at start / end (1 min)', `${r.machine.loadAverage.atStart[0]} / ${r.machine.loadAverage.atEnd[0]}`],
    ['', 'duration s', r.durationSec],
  ];
}

export function printTable(results: unknown): void {
  print(rows(results));
}

export function printCommandRows(results: any): void {
  print([...commandRows(results), ['machine', 'load average at start / end (1 min)', `${results.machine.loadAverage.atStart[0]} / ${results.machine.loadAverage.atEnd[0]}`]]);
}

function print(rowsToPrint: Row[]): void {
  const table = rowsToPrint.map(([part, figure, value, target, met]) => [part, figure, fmt(value), target ?? '', verdict(met)]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...table.map((row) => row[i].length)));
  const line = (row: string[]) => row.map((cell, i) => (i < 4 ? cell.padEnd(widths[i]) : cell)).join('  ').trimEnd();
  console.log(line(['part', 'figure', 'measured', 'target', '']));
  for (const row of table) console.log(line(row));
}

export function writeResults(results: unknown, file = RESULTS_FILE): void {
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
}
