/**
 * Drives cases through their lives over HTTP as a careful client would: every request carries an
 * Idempotency-Key, and one that fails for want of Temporal (503), a dropped connection or a time-out
 * is sent again with the same key. Every answer's status is counted.
 */
import { STEPS } from './definition';

export interface Tally {
  statuses: Record<string, number>;
  retries: number;
  unexpected: string[];
  accepted: number;
  /** Requests that took longer than 5 s to answer, with their time and answer. */
  slow: string[];
}

export interface Driver {
  tally: Tally;
  openCase(n: number): Promise<string>;
  runCase(id: string): Promise<void>;
}

const RETRYABLE = new Set([429, 502, 503, 504]);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Answer {
  status: number;
  body: any;
}

export type Send = (method: 'GET' | 'POST', path: string, body?: unknown, key?: string) => Promise<Answer>;

/**
 * Sends a request to one API as a careful client does: again, with the same Idempotency-Key, after
 * a 503, a dropped connection or a time-out. Every answer's status goes into the tally.
 */
export function createSender(url: string, headers: Record<string, string>, tally: Tally, deadline: number): Send {
  return async (method, path, body, key) => {
    for (;;) {
      if (Date.now() > deadline) throw new Error(`gave up on ${method} ${path}: the run's time is up`);
      let status = 0;
      let parsed: any;
      const sent = Date.now();
      try {
        const res = await fetch(url + path, {
          method,
          headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}), ...(key ? { 'Idempotency-Key': key } : {}) },
          body: body ? JSON.stringify(body) : undefined,
          signal: AbortSignal.timeout(30_000),
        });
        status = res.status;
        parsed = await res.json().catch(() => undefined);
      } catch {
        status = 0; // no answer: a dropped connection or a time-out
      }
      if (Date.now() - sent > 5000) tally.slow.push(`${method} ${path}: ${status} after ${Date.now() - sent} ms`);
      tally.statuses[status] = (tally.statuses[status] ?? 0) + 1;
      if (status >= 500 && status !== 503) tally.unexpected.push(`${method} ${path}: ${status} ${JSON.stringify(parsed)}`);
      // A retry that overtook its own first attempt is told so; it waits and asks again.
      const inProgress = status === 409 && parsed?.type === '/problems/request-in-progress';
      if (status === 0 || inProgress || RETRYABLE.has(status) || status >= 500) {
        tally.retries++;
        await sleep(300);
        continue;
      }
      return { status, body: parsed };
    }
  };
}

export const newTally = (): Tally => ({ statuses: {}, retries: 0, unexpected: [], accepted: 0, slow: [] });

export function createDriver(url: string, headers: Record<string, string>, run: string, deadline: number): Driver {
  const tally = newTally();
  const send = createSender(url, headers, tally, deadline);

  return {
    tally,
    async openCase(n) {
      const intake = { client_name: `Client ${n}`, client_email: `client-${run}-${n}@example.org`, eligible: true };
      const res = await send('POST', '/cases', { definition: 'chaos-case', title: `Case ${n}`, intake }, `${run}-open-${n}`);
      if (res.status !== 201) throw new Error(`opening case ${n} answered ${res.status}: ${JSON.stringify(res.body)}`);
      tally.accepted++;
      return res.body.id;
    },
    async runCase(id) {
      for (const [i, step] of STEPS.entries()) {
        if ('waitFor' in step) {
          for (;;) {
            const view = await send('GET', `/cases/${id}`);
            if (view.status === 200 && view.body.phase === step.waitFor) break;
            await sleep(300);
          }
        }
        const res = await send('POST', `/cases/${id}/${step.path}`, step.body, `${id}-${i}`);
        if (res.status !== 200) {
          tally.unexpected.push(`${id} step ${i} (${step.path}): ${res.status} ${JSON.stringify(res.body)}`);
          return;
        }
        if (res.body.phase !== step.phase) tally.unexpected.push(`${id} step ${i}: answered phase ${res.body.phase}, expected ${step.phase}`);
        tally.accepted++;
      }
    },
  };
}
