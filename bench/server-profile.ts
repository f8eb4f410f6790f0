/**
 * Samples the Temporal dev server's CPU with Linux `perf` while a batch of commands runs, and
 * sorts the samples by what the server was doing: the RPC handler (frontend, history, matching)
 * or queue (visibility, transfer, timer) they ran under, Go's scheduler, its garbage collector or
 * gRPC's transport. The CLI's binary carries no symbol table, only Go's own table of functions,
 * so addresses are named with `go tool addr2line`. Used by `bench/server-share.ts --profile`.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const HZ = 499;
/** Where a non-PIE Go binary's text is loaded; perf reports addresses as offsets into the file. */
const GO_LOAD_BASE = 0x400000;

/** Checks for what a server profile needs, with what to do when one is missing. */
export function requireProfilingTools(): void {
  for (const [tool, args, fix] of [
    ['perf', ['--version'], 'install Debian\'s linux-perf package'],
    ['go', ['version'], 'install Go (https://go.dev/dl/), which names the addresses perf samples'],
  ] as const) {
    const run = spawnSync(tool, args);
    if (run.error || run.status !== 0) throw new Error(`--profile needs \`${tool}\`: ${fix}`);
  }
}

export interface Recording {
  stop(): Promise<string>;
}

/** Starts sampling the server's processes; `stop` ends it and gives the file the samples are in. */
export function recordServer(pids: number[], label: string): Recording {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'casework-perf-')), `${label.replace(/\W+/g, '-')}.data`);
  const perf: ChildProcess = spawn('perf', ['record', '-q', '-e', 'cpu-clock', '-F', String(HZ), '-g', '-p', pids.join(','), '-o', file], { stdio: 'ignore' });
  return {
    async stop() {
      const exited = new Promise((resolve) => perf.once('exit', resolve));
      perf.kill('SIGINT');
      await exited;
      return file;
    },
  };
}

/** Call stacks, innermost frame first, of every sample in a recording; a frame outside the server's binary is '[kernel]' or its file. */
function stacks(file: string): string[][] {
  const text = execFileSync('perf', ['script', '-i', file, '-F', 'ip,dso'], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  return text
    .split(/\n\s*\n/)
    .map((block) =>
      block
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
        .map((line) => {
          const [ip] = line.split(/\s+/);
          const dso = line.slice(line.lastIndexOf('(') + 1, -1);
          if (/temporal$/.test(dso)) return `0x${(parseInt(ip, 16) + GO_LOAD_BASE).toString(16)}`;
          return dso.includes('kernel') ? '[kernel]' : `[${path.basename(dso)}]`;
        }),
    )
    .filter((s) => s.length > 0);
}

function nameAddresses(binary: string, addresses: string[]): Map<string, string> {
  const out = execFileSync('go', ['tool', 'addr2line', binary], { input: addresses.join('\n') + '\n', maxBuffer: 1 << 28 }).toString().split('\n');
  return new Map(addresses.map((a, i) => [a, out[2 * i]]));
}

const BUCKETS: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/service\/history\.\(\*Handler\)\.(\w+)$/, (m) => `history ${m[1]}`],
  [/service\/matching\.\(\*Handler\)\.(\w+)$/, (m) => `matching ${m[1]}`],
  [/service\/frontend\.\(\*WorkflowHandler\)\.(\w+)$/, (m) => `frontend ${m[1]}`],
  [/visibilityQueueTaskExecutor/, () => 'visibility queue (the visibility row)'],
  [/transferQueue\w*Executor/, () => 'transfer queue'],
  [/timerQueue\w*Executor/, () => 'timer queue'],
  [/runtime\.(gcBgMarkWorker|gcDrain|bgsweep|bgscavenge)/, () => 'garbage collection, in the background'],
  [/runtime\.(mallocgc|gcAssist)/, () => 'allocation and its share of garbage collection'],
  [/runtime\.(schedule|findRunnable|park_m|goschedImpl|mcall|sysmon|mstart)$/, () => "Go's scheduler"],
  [/grpc|http2/, () => "gRPC's transport"],
];

function bucket(frames: string[]): string {
  for (const [rx, label] of BUCKETS) {
    for (let i = frames.length - 1; i >= 0; i--) {
      const m = frames[i].match(rx);
      if (m) return label(m);
    }
  }
  return 'other';
}

/** CPU ms per command by what the server was doing, for each recording. */
export function serverProfile(binary: string, recordings: Record<string, string>, commands: number): Record<string, Record<string, number>> {
  const sampled = Object.fromEntries(Object.entries(recordings).map(([way, file]) => [way, stacks(file)]));
  const addresses = [...new Set(Object.values(sampled).flat(2).filter((f) => f.startsWith('0x')))].sort();
  const names = nameAddresses(binary, addresses);
  const msPerSample = 1000 / HZ / commands;
  return Object.fromEntries(
    Object.entries(sampled).map(([way, samples]) => {
      const ms = new Map<string, number>();
      for (const s of samples) {
        const b = bucket(s.map((f) => names.get(f) ?? f));
        ms.set(b, (ms.get(b) ?? 0) + msPerSample);
      }
      const all = [...ms.values()].reduce((a, b) => a + b, 0);
      const sorted = [...ms].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, Math.round(v * 1000) / 1000] as const);
      return [way, Object.fromEntries([...sorted, ['all', Math.round(all * 1000) / 1000]])];
    }),
  );
}
