/**
 * `npx tsx bench/sandbox.ts [--commands N] [--sources]`: what one command costs inside the workflow
 * sandbox, counted. A case in the implementation loop takes N follow-ups, and the floor's workflow (part 1b's
 * "+ both") N updates, each through a worker in this process that runs its workflows on this thread
 * (the SDK's debug mode), so that they can be counted: the calls into the sandbox (Node runs each
 * with a watchdog thread, for the SDK's deadlock timeout), the time spent inside them, the promises
 * the workflow code makes (the SDK takes a stack trace of each, mapped through the bundle's source
 * map) and the time spent mapping those traces. Real dev server, real SQLite read model.
 * `--sources` also prints where a follow-up's promises are made: the four innermost frames of each,
 * with how many a command makes there (tracing them slows the run). It also says what the
 * events each command adds to history are, and what the same commands cost inside the sandbox
 * with the SDK's stack trace of every promise turned off, which only a benchmark can do.
 */
import os from 'node:os';
import { promiseHooks } from 'node:v8';
import vm from 'node:vm';
import { parseArgs } from 'node:util';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { globalHandlers } from '@temporalio/worker/lib/workflow/vm-shared';
import * as m from '../common/messages';
import { caseInImplementation, inProcess, runScript } from './in-process';
import { costedIncrementUpdate } from './noop-workflow';

const { values: args } = parseArgs({ options: { commands: { type: 'string', default: '200' }, sources: { type: 'boolean', default: false } } });
if (!/^[1-9]\d{0,4}$/.test(args.commands!)) throw new Error(`--commands takes a whole number from 1 to 99999 (got '${args.commands}')`);
const COMMANDS = Number(args.commands);

interface Counts {
  calls: number;
  insideMs: number;
  promises: number;
  mappingMs: number;
}
const counts: Counts = { calls: 0, insideMs: 0, promises: 0, mappingMs: 0 };

// Every call into a workflow's context goes through a vm.Script (the SDK's reusable context).
const runInContext = vm.Script.prototype.runInContext;
vm.Script.prototype.runInContext = function (this: vm.Script, ...rest: Parameters<typeof runInContext>) {
  counts.calls++;
  const started = performance.now();
  try {
    return runInContext.apply(this, rest);
  } finally {
    counts.insideMs += performance.now() - started;
  }
};
// A promise made in another context than this one's is the workflow code's.
const sources = new Map<string, number>();
let tracing = false;
promiseHooks.onInit((promise) => {
  if (promise instanceof Promise) return;
  counts.promises++;
  if (!tracing) return;
  const frames = (new Error().stack ?? '').split('\n').slice(2).map((l) => l.trim());
  const where = frames.filter((l) => !/node:|vm-shared|bench[\\/]sandbox/.test(l)).slice(0, 4).join(' < ');
  sources.set(where, (sources.get(where) ?? 0) + 1);
});

/** What a call into a context costs with the timeout the SDK gives every call, over one without: Node's watchdog thread. */
function watchdogMs(): number {
  const context = vm.createContext({});
  const script = new vm.Script('0');
  const time = (options: vm.RunningScriptOptions) => {
    const started = performance.now();
    for (let i = 0; i < 500; i++) runInContext.call(script, context, options);
    return (performance.now() - started) / 500;
  };
  time({});
  return round(time({ timeout: 5000 }) - time({}), 3);
}
/** The SDK maps each promise's stack trace through `Error.prepareStackTrace`, which it sets when its first workflow starts. */
function timeTheMapping(): void {
  const prepare = Error.prepareStackTrace;
  if (!prepare || (prepare as { timed?: boolean }).timed) return;
  const timed = (err: Error, frames: NodeJS.CallSite[]) => {
    const started = performance.now();
    try {
      return prepare(err, frames);
    } finally {
      counts.mappingMs += performance.now() - started;
    }
  };
  Error.prepareStackTrace = Object.assign(timed, { timed: true });
}

const per = (before: Counts, n: number) => ({
  callsIntoSandbox: round((counts.calls - before.calls) / n),
  msInsideSandbox: round((counts.insideMs - before.insideMs) / n, 3),
  promisesMade: round((counts.promises - before.promises) / n),
  msMappingStackTraces: round((counts.mappingMs - before.mappingMs) / n, 3),
});
/**
 * What the server stores for one command: the events each adds to the workflow's history, by
 * type, with their encoded bytes, and the search attributes each upsert carries. Each event is a
 * write of the server's; each workflow task, three events and a round trip to the worker.
 */
async function historyPer(handle: WorkflowHandle, eventsBefore: number, n: number) {
  const { events } = await handle.fetchHistory();
  const added = (events ?? []).filter((e) => Number(e.eventId) > eventsBefore);
  const byType = new Map<string, { events: number; bytes: number }>();
  let upsertedAttributes = 0;
  for (const e of added) {
    const type = temporal.api.enums.v1.EventType[e.eventType ?? 0].replace(/^EVENT_TYPE_/, '').toLowerCase();
    const t = byType.get(type) ?? { events: 0, bytes: 0 };
    t.events++;
    t.bytes += temporal.api.history.v1.HistoryEvent.encode(e).finish().length;
    byType.set(type, t);
    upsertedAttributes += Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}).length;
  }
  return {
    events: round(added.length / n, 2),
    bytes: round([...byType.values()].reduce((sum, t) => sum + t.bytes, 0) / n),
    searchAttributesUpserted: round(upsertedAttributes / n, 2),
    byType: Object.fromEntries([...byType].sort((a, b) => b[1].bytes - a[1].bytes).map(([type, t]) => [type, { events: round(t.events / n, 2), bytes: round(t.bytes / n) }])),
  };
}

const round = (x: number, places = 1) => Math.round(x * 10 ** places) / 10 ** places;

async function main(): Promise<void> {
  await inProcess({ name: 'sandbox', serverArgs: ['--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal'], debugMode: true, floorActivities: { nothing: async () => undefined } }, async (sys) => {
    const { env, service, actor } = sys;
    const caseId = await caseInImplementation(sys, 'Sandbox case');
    timeTheMapping();
    const caseHandle = env.client.workflow.getHandle(caseId);
    const caseEventsBefore = (await caseHandle.describe()).historyLength;
    const beforeCase = { ...counts };
    tracing = args.sources!;
    for (let i = 0; i < COMMANDS; i++) await service.command(caseId, m.recordFollowUpUpdate, { outcome: 'on_track' }, actor);
    tracing = false;
    const followUp = { ...per(beforeCase, COMMANDS), history: await historyPer(caseHandle, caseEventsBefore, COMMANDS) };

    const handle = await env.client.workflow.start('costedNoopWorkflow', { workflowId: `sandbox-floor-${Date.now()}`, taskQueue: sys.floorQueue });
    const floorUpdates = async () => {
      for (let i = 0; i < COMMANDS; i++) await handle.executeUpdate(costedIncrementUpdate, { args: [{ searchAttribute: true, localActivity: true }] });
    };
    await handle.executeUpdate(costedIncrementUpdate, { args: [{ searchAttribute: true, localActivity: true }] });
    const floorEventsBefore = (await handle.describe()).historyLength;
    const beforeFloor = { ...counts };
    await floorUpdates();
    const floorUpdate = { ...per(beforeFloor, COMMANDS), history: await historyPer(handle, floorEventsBefore, COMMANDS) };

    // The same again with the SDK's promise hook stopped: what taking a stack trace of every
    // promise costs, which the SDK does for its stack trace query and gives no switch for.
    (globalHandlers as unknown as { stopPromiseHook(): void }).stopPromiseHook();
    const beforeCaseBare = { ...counts };
    for (let i = 0; i < COMMANDS; i++) await service.command(caseId, m.recordFollowUpUpdate, { outcome: 'on_track' }, actor);
    const followUpBare = per(beforeCaseBare, COMMANDS);
    const beforeFloorBare = { ...counts };
    await floorUpdates();
    const floorUpdateBare = per(beforeFloorBare, COMMANDS);
    await handle.terminate('measured');
    const withoutStackTraces = (a: ReturnType<typeof per>, b: ReturnType<typeof per>) => ({ msInsideSandbox: b.msInsideSandbox, savedMs: round(a.msInsideSandbox - b.msInsideSandbox, 3) });
    const result = {
      followUp,
      floorUpdate,
      withoutTheSdksStackTraces: { followUp: withoutStackTraces(followUp, followUpBare), floorUpdate: withoutStackTraces(floorUpdate, floorUpdateBare) },
    };
    if (args.sources) {
      console.log('where a follow-up\'s promises are made (per command, innermost frames first):');
      for (const [where, n] of [...sources].sort((a, b) => b[1] - a[1])) console.log(`${String(round(n / COMMANDS)).padStart(5)}  ${where}`);
    }
    const timedCommands = args.sources ? 'not timed: --sources slows every promise' : undefined;
    console.log(JSON.stringify({ commands: COMMANDS, perCommand: result, msPerCallForTheWatchdog: watchdogMs(), ...(timedCommands ? { note: timedCommands } : {}), node: process.version, loadAverage: os.loadavg().map((n) => round(n, 2)) }, null, 2));
  });
}

runScript(main);
