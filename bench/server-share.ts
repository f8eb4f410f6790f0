/**
 * `npx tsx bench/server-share.ts [--commands N] [--rounds R] [--worker-ms M] [--profile]`: what the Temporal server spends on a
 * case's command against the floor's update, and what in the case makes the difference. The same
 * update to the floor's workflow runs four ways: bare; started with a case's seven search
 * attributes and memo, so the server keeps a visibility row of a case's size; that with a timer
 * pending, as a case's next due date is; and that with its local activity keeping the worker's
 * process busy for as long as a case's command costs the worker more than the floor's
 * (`--worker-ms`, 6 by default), so the server shares the machine's cores as it does with cases.
 * Then the case's own follow-ups. `--profile` also samples the server in the first round with
 * Linux perf and says what it did with its CPU, way by way (bench/server-profile.ts). Each way sends N
 * commands, 8 at a time over 8 workflows, in turns that rotate round by round; the server's CPU
 * time is read from /proc. Real dev server (in memory), workers in this process.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import * as m from '../common/messages';
import { CaseAssignee, CaseDueAt, CasePhase, CaseRisk, CaseStatus, CaseTeam, CaseType } from '../common/search-attributes';
import { ensureTemporalCli } from '../scripts/provision-temporal';
import { BENCH_DEFINITION } from './definition';
import { caseInImplementation, inProcess, runScript } from './in-process';
import { runLanesStrict } from './load';
import { cpuMs } from './procs';
import { recordServer, requireProfilingTools, serverProfile } from './server-profile';
import { costedIncrementUpdate, type HeldState } from './noop-workflow';

const { values: args } = parseArgs({ options: { commands: { type: 'string', default: '400' }, rounds: { type: 'string', default: '6' }, 'worker-ms': { type: 'string', default: '6' }, profile: { type: 'boolean', default: false } } });
for (const [name, value] of Object.entries(args)) {
  if (typeof value === 'boolean') continue;
  if (!/^[1-9]\d{0,4}$/.test(String(value))) throw new Error(`--${name} takes a whole number from 1 to 99999 (got '${value}')`);
}
const COMMANDS = Number(args.commands);
const WORKER_MS = Number(args['worker-ms']);
const ROUNDS = Number(args.rounds);
const LANES = 8;

const WAYS = ['floor', 'floor + case attributes', 'floor + case attributes + timer', 'floor + case attributes + timer + worker CPU', 'case'] as const;
type Way = (typeof WAYS)[number];

/** The dev server's processes: the CLI and whatever it runs, children of this process. */
function serverPids(): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,comm=']).toString().trim().split('\n').map((l) => l.trim().split(/\s+/));
  const below = (pid: number): number[] => rows.filter((r) => Number(r[1]) === pid).flatMap((r) => [Number(r[0]), ...below(Number(r[0]))]);
  const pids = below(process.pid).filter((pid) => rows.some((r) => Number(r[0]) === pid && /temporal/.test(r[2])));
  if (pids.length === 0) throw new Error('the dev server\'s process was not found among this process\'s children');
  return pids;
}
const serverCpuMs = (pids: number[]) => pids.reduce((sum, pid) => sum + cpuMs(pid), 0);
const round = (x: number, places = 2) => Math.round(x * 10 ** places) / 10 ** places;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  if (args.profile) requireProfilingTools();
  // Busy, not asleep: the worker's process takes as much more CPU as a case's worker does.
  const nothing = async (ms?: number) => {
    const until = performance.now() + (ms ?? 0);
    while (performance.now() < until);
  };
  const result = await inProcess({ name: 'server-share', floorActivities: { nothing } }, async (sys) => {
    const { env, service, actor } = sys;
    const pids = serverPids();
    const caseIds = await Promise.all(Array.from({ length: LANES }, () => caseInImplementation(sys, 'Server share case')));
    const startFloor = (way: Way, i: number) => {
      const held: HeldState = { pendingTimer: way.includes('timer') };
      return env.client.workflow.start('costedNoopWorkflow', {
        workflowId: `share-${way.replace(/\W+/g, '-')}-${i}-${Date.now()}`,
        taskQueue: sys.floorQueue,
        args: [held],
        ...(way === 'floor'
          ? {}
          : {
              memo: { title: 'Server share case', origin: '7f9c2ba4-e88f-4b1c-9d7e-5a3f1c2b8e10' },
              typedSearchAttributes: [
                { key: CaseType, value: BENCH_DEFINITION },
                { key: CasePhase, value: 'implementation' },
                { key: CaseStatus, value: 'open' },
                { key: CaseRisk, value: 'low' },
                { key: CaseAssignee, value: 'admin' },
                { key: CaseTeam, value: 'intake' },
                { key: CaseDueAt, value: new Date() },
              ],
            }),
      });
    };
    const floors = Object.fromEntries(await Promise.all(WAYS.filter((w) => w !== 'case').map(async (w) => [w, await Promise.all(Array.from({ length: LANES }, (_, i) => startFloor(w, i)))] as const)));
    const send = (way: Way) => (lane: number) =>
      way === 'case'
        ? service.command(caseIds[lane], m.recordFollowUpUpdate, { outcome: 'on_track' }, actor)
        : floors[way][lane].executeUpdate(costedIncrementUpdate, { args: [{ searchAttribute: true, localActivity: true, ...(way.includes('worker CPU') ? { localActivityMs: WORKER_MS } : {}) }] });
    const recordings: Record<string, string> = {};
    const perRound = Object.fromEntries(WAYS.map((w) => [w, [] as number[]])) as Record<Way, number[]>;
    for (const way of WAYS) await runLanesStrict(LANES, LANES * 4, send(way));
    for (let r = 0; r < ROUNDS; r++) {
      const order = WAYS.map((_, i) => WAYS[(i + r) % WAYS.length]);
      for (const way of order) {
        // The first round is sampled, when asked: sampling costs the server a little.
        const recording = args.profile && r === 0 ? recordServer(pids, way) : undefined;
        const before = serverCpuMs(pids);
        await runLanesStrict(LANES, COMMANDS, send(way));
        perRound[way].push((serverCpuMs(pids) - before) / COMMANDS);
        if (recording) recordings[way] = await recording.stop();
      }
      console.error(`round ${r + 1}: ${WAYS.map((w) => `${w} ${round(perRound[w][r])} ms`).join(', ')}`);
    }
    await Promise.all(Object.values(floors).flat().map((h) => h.terminate('measured')));
    return { perRound, recordings };
  });
  const { perRound: measured, recordings } = result;
  const medians = Object.fromEntries(WAYS.map((w) => [w, round(median(measured[w]))]));
  const profile = args.profile ? serverProfile(ensureTemporalCli(), recordings, COMMANDS) : undefined;
  for (const file of Object.values(recordings)) fs.rmSync(path.dirname(file), { recursive: true, force: true });
  console.log(
    JSON.stringify(
      {
        commands: COMMANDS,
        rounds: ROUNDS,
        concurrency: LANES,
        serverCpuMsPerCommand: { median: medians, byRound: Object.fromEntries(WAYS.map((w) => [w, measured[w].map((x) => round(x))])) },
        ...(profile ? { sampledInRoundOne: profile } : {}),
        node: process.version,
        loadAverage: os.loadavg().map((n) => round(n)),
      },
      null,
      2,
    ),
  );
}

runScript(main);
