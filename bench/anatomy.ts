/**
 * Where a command's time goes: the CPU each process spends per command, and the history events
 * (and so the workflow tasks) each command adds to its workflow.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { cpuMs, machineBusyMs } from './procs';

export type Pids = Record<string, number | undefined>;
export type Cpu = Record<string, number>;

/**
 * CPU time used so far by each process, in ms; `driver` is this process, and `others` whatever
 * else ran on the machine meanwhile, which the figures of that stretch then share the CPUs with.
 */
export function cpuSnapshot(pids: Pids): Cpu {
  const own = process.cpuUsage();
  const cpu: Cpu = { driver: (own.user + own.system) / 1000 };
  for (const [name, pid] of Object.entries(pids)) if (pid) cpu[name] = cpuMs(pid);
  const ours = Object.values(cpu).reduce((a, b) => a + b, 0);
  cpu.others = machineBusyMs() - ours;
  return cpu;
}

/** The event's type, read from which of its attribute fields is set: `workflowTaskCompleted`. */
function eventType(event: object): string {
  const key = Object.keys(event).find((k) => k.endsWith('EventAttributes') && (event as Record<string, unknown>)[k]);
  return key ? key.replace(/EventAttributes$/, '') : 'unknown';
}

export async function historyLength(handle: WorkflowHandle): Promise<number> {
  return (await handle.describe()).historyLength;
}

export interface PerCommand {
  events: number;
  workflowTasks: number;
  /** Events per command by type. */
  types: Record<string, number>;
}

/** What `commands` commands added to a history that had `from` events before them. */
export async function perCommand(handle: WorkflowHandle, from: number, commands: number): Promise<PerCommand> {
  const events = (await handle.fetchHistory()).events ?? [];
  const types: Record<string, number> = {};
  for (const e of events.slice(from)) {
    const type = eventType(e);
    types[type] = (types[type] ?? 0) + 1;
  }
  const per = (n: number) => Math.round((n / commands) * 100) / 100;
  for (const type of Object.keys(types)) types[type] = per(types[type]);
  return { events: per(events.length - from), workflowTasks: types.workflowTaskCompleted ?? 0, types };
}

export async function countEvents(handle: WorkflowHandle): Promise<number> {
  return ((await handle.fetchHistory()).events ?? []).length;
}
