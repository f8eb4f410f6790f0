/**
 * Measures two or more ways of doing the same thing in alternating rounds (A, B, A, B…) rather
 * than one after the other, so that whatever else the machine does meanwhile, and the server's
 * own growth, weigh on each alike.
 */
import { cpuSnapshot, type Cpu, type Pids } from './anatomy';
import { laneShare, summarize, timeLanes, type Stats, type Timings } from './load';

export interface Side {
  op: (lane: number, k: number) => Promise<unknown>;
  /** The processes whose CPU time this side is charged with. */
  pids: Pids;
}

export type Measured = Stats & { cpuMsPerOp: Cpu };

export async function alternate<K extends string>(rounds: number, lanes: number, total: number, sides: Record<K, Side>): Promise<Record<K, Measured>> {
  const names = Object.keys(sides) as K[];
  const timings = new Map<K, Timings>(names.map((n) => [n, { latencies: [], errors: 0, seconds: 0 }]));
  const cpu = new Map<K, Cpu>(names.map((n) => [n, {}]));
  for (let round = 0; round < rounds; round++) {
    for (const name of names) {
      const { op, pids } = sides[name];
      const before = cpuSnapshot(pids);
      const t = await timeLanes(lanes, laneShare(total, rounds, round), op);
      const after = cpuSnapshot(pids);
      const sum = timings.get(name)!;
      sum.latencies.push(...t.latencies);
      sum.errors += t.errors;
      sum.seconds += t.seconds;
      sum.firstError ??= t.firstError;
      const used = cpu.get(name)!;
      for (const p of Object.keys(after)) used[p] = (used[p] ?? 0) + after[p] - before[p];
    }
  }
  const result = {} as Record<K, Measured>;
  for (const name of names) {
    const t = timings.get(name)!;
    const stats = summarize(t.latencies, t.errors, t.seconds, t.firstError);
    const cpuMsPerOp: Cpu = {};
    for (const [p, ms] of Object.entries(cpu.get(name)!)) cpuMsPerOp[p] = Math.round((ms / Math.max(1, stats.count)) * 1000) / 1000;
    result[name] = { ...stats, cpuMsPerOp };
  }
  return result;
}
