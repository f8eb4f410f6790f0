/**
 * Child processes of the benchmark and what it reads of them: resident memory and CPU time from
 * /proc, free loopback ports, and the tail of a log when something fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { stopChild } from '../scripts/stop-child';

export const ROOT = path.resolve(__dirname, '..');

export interface Child {
  name: string;
  pid: number;
  logFile: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
// Whatever way the benchmark ends, no child outlives it.
process.on('exit', () => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Runs a TypeScript entry point under Node with tsx, its output in `logFile`. */
export function spawnNode(name: string, entry: string, env: Record<string, string>, logFile: string): Child {
  const log = fs.openSync(logFile, 'a');
  // BENCH_PROFILE_DIR=<dir> writes a CPU profile of each process (and its threads) there on exit.
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(process.env.BENCH_PROFILE_DIR)] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', entry], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (!child.pid) throw new Error(`could not start ${name}`);
  const stop = () => stopChild(child);
  return { name, pid: child.pid, logFile, process: child, stop };
}

/** Rejects as soon as one of the processes ends while `stopping()` is false: its work would hang. */
export function unexpectedExit(children: { name: string; process: ChildProcess; logFile: string }[], stopping: () => boolean): Promise<never> {
  const failed = new Promise<never>((_, reject) => {
    for (const c of children) {
      c.process.once('exit', (code, signal) => {
        if (stopping()) return;
        const how = signal ? `signal ${signal}` : `exit code ${code}`;
        reject(new Error(`${c.name} (process ${c.process.pid}) ended during the run, by ${how}:\n${tail(c.logFile)}`));
      });
    }
  });
  failed.catch(() => undefined);
  return failed;
}

/** The last lines of a log, to say why a child did not come up. */
export function tail(file: string, lines = 20): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function statusField(pid: number, field: string): number {
  const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  if (!line) throw new Error(`no ${field} for process ${pid}`);
  return Number(line.split(/\s+/)[1]) / 1024;
}

/** Resident memory now, in MB. */
export const rssMb = (pid: number) => statusField(pid, 'VmRSS');
/** The most resident memory the process has had, in MB. */
export const peakRssMb = (pid: number) => statusField(pid, 'VmHWM');

// Linux reports CPU time in clock ticks of 10 ms on every platform Node supports.
const TICK_MS = 10;

/** User plus system CPU time the process has used, in ms. */
export function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** CPU time every process on the machine has used since boot, in ms. */
export function machineBusyMs(): number {
  const [user, nice, system, , , irq, softirq, steal] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
  return (user + nice + system + irq + softirq + steal) * TICK_MS;
}

export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, child?: Child): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.process.exitCode !== null) throw new Error(`${child.name} exited:\n${tail(child.logFile)}`);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not happen within ${timeoutMs / 1000}s${child ? `:\n${tail(child.logFile)}` : ''}`);
}
