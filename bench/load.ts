/**
 * A fixed-concurrency driver: `lanes` loops run side by side, each doing its share of the
 * operations one after another, so at most `lanes` are in flight. Every operation's latency is
 * recorded; a failed one is counted, not timed.
 */
import { performance } from 'node:perf_hooks';

export interface Stats {
  count: number;
  errors: number;
  seconds: number;
  perSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  firstError?: string;
}

/** The nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const round = (n: number) => Math.round(n * 100) / 100;

export function summarize(latencies: number[], errors: number, seconds: number, firstError?: string): Stats {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    count: sorted.length,
    errors,
    seconds: round(seconds),
    perSec: round(sorted.length / seconds),
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted[sorted.length - 1] ?? NaN),
    ...(firstError ? { firstError } : {}),
  };
}

/** Lane `lane`'s share of `total` operations, spread as evenly as they go. */
export const laneShare = (total: number, lanes: number, lane: number) => Math.floor(total / lanes) + (lane < total % lanes ? 1 : 0);

export interface Timings {
  latencies: number[];
  errors: number;
  seconds: number;
  firstError?: string;
}

/** Runs `total` operations on `lanes` lanes; `op(lane, k)` is lane's k-th operation. */
export async function runLanes(lanes: number, total: number, op: (lane: number, k: number) => Promise<unknown>): Promise<Stats> {
  const t = await timeLanes(lanes, total, op);
  return summarize(t.latencies, t.errors, t.seconds, t.firstError);
}

/** The same, with every latency kept, for runs measured in several stretches. */
export async function timeLanes(lanes: number, total: number, op: (lane: number, k: number) => Promise<unknown>): Promise<Timings> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      for (let k = 0; k < laneShare(total, lanes, lane); k++) {
        const t0 = performance.now();
        try {
          await op(lane, k);
          latencies.push(performance.now() - t0);
        } catch (err) {
          errors++;
          firstError ??= err instanceof Error ? err.message : String(err);
        }
      }
    }),
  );
  return { latencies, errors, seconds: (performance.now() - started) / 1000, firstError };
}

/** The same, but any failure fails the whole run: for setting up, where a failure spoils what follows. */
export async function runLanesStrict(lanes: number, total: number, op: (lane: number, k: number) => Promise<unknown>): Promise<Stats> {
  const stats = await runLanes(lanes, total, op);
  if (stats.errors > 0) throw new Error(`${stats.errors} of ${total} operations failed; the first: ${stats.firstError}`);
  return stats;
}
