/**
 * The run: seeds the system, sends generated requests for every operation at a fixed concurrency
 * until the count or the time limit is reached, checks every answer, checks that rejected
 * requests left their case alone, and shrinks one request per kind of failure.
 */
import fc from 'fast-check';
import { requestOf, type FuzzRequest, type Pools } from './arbitraries';
import { createChecker, type Checker } from './checks';
import { operationsOf, type FuzzOperation, type OpenApiDoc } from './operations';
import { caseState, seed, trailLength, type Seeded } from './seed';

export interface FuzzOptions {
  requests: number;
  concurrency: number;
  limitMs: number;
  seed: number;
  /** Every how many-th command on a target case has its trail compared before and after. */
  trailSampleEvery: number;
  log: (line: string) => void;
}

export interface Failure {
  kind: string;
  op: string;
  detail: string;
  request: FuzzRequest;
  shrunk?: FuzzRequest;
}

export interface FuzzResult {
  sent: number;
  seconds: number;
  /** op → status → count */
  statuses: Record<string, Record<string, number>>;
  /** Answers whose status the operation does not list, accepted as the document's default problem. */
  viaDefault: Record<string, number>;
  unavailable: number;
  trailChecks: number;
  failures: Failure[];
}

const ACTOR_WEIGHTS: Record<string, number> = { admin: 6, case_manager: 2, supervisor: 2, caseworker: 1, viewer: 1, designer: 1, outsider: 1, anonymous: 1, 'unknown-key': 1 };

function poolsOf(s: Seeded, users: string[]): Pools {
  return (op, param) => {
    const read = op.method === 'GET';
    if (op.path.startsWith('/cases/') && param === 'id') return read ? [...s.targets, ...s.witnesses] : s.targets;
    if (param === 'taskId') return ['t1', 't2', 't3'];
    if (op.path.startsWith('/users/')) return read ? users : s.targetUsers;
    if (op.path.startsWith('/api-keys/')) return s.targetKeys;
    if (param === 'key') return ['quick-case', 'no-such-case'];
    if (param === 'version') return ['1', '2', '0'];
    return ['x'];
  };
}

/** One lock per target case, so a trail compared across a request changes only by that request. */
function locks() {
  const tails = new Map<string, Promise<void>>();
  return async <T>(key: string | undefined, fn: () => Promise<T>): Promise<T> => {
    if (!key) return fn();
    const prev = tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    tails.set(key, prev.then(() => mine));
    await prev;
    try {
      return await fn();
    } finally {
      release();
    }
  };
}

export function createProbe(s: Seeded, ops: Map<string, FuzzOperation>, check: Checker) {
  const lock = locks();
  let commands = 0;
  return async (req: FuzzRequest, sampleEvery: number): Promise<{ status: number; verdict: ReturnType<Checker> | { ok: false; kind: string; detail: string }; trailChecked: boolean }> => {
    const target = req.method !== 'GET' ? s.targets.find((id) => req.path.startsWith(`/cases/${id}/`) || req.path === `/cases/${id}`) : undefined;
    return lock(target, async () => {
      const sample = target !== undefined && commands++ % sampleEvery === 0;
      const before = sample ? await trailLength(s.sys.http, target!) : 0;
      let reply;
      try {
        reply = await s.actors[req.actor].raw(req.method, req.path, req.body, req.headers);
      } catch (err) {
        return { status: 0, verdict: { ok: false, kind: 'no answer', detail: String(err) }, trailChecked: false };
      }
      const text = typeof reply.body === 'string' ? reply.body : reply.body === undefined ? '' : JSON.stringify(reply.body);
      const verdict = check(ops.get(req.op)!, { status: reply.status, contentType: reply.headers.get('content-type') ?? '', text });
      if (sample && verdict.ok && reply.status >= 400) {
        const after = await trailLength(s.sys.http, target!);
        if (after !== before) return { status: reply.status, verdict: { ok: false, kind: 'rejected request changed the case', detail: `trail ${before} → ${after} after a ${reply.status}` }, trailChecked: true };
      }
      return { status: reply.status, verdict, trailChecked: sample };
    });
  };
}

function plan(ops: FuzzOperation[], pools: Pools, total: number, seedValue: number): FuzzRequest[] {
  const actors = fc.oneof(...Object.entries(ACTOR_WEIGHTS).map(([a, weight]) => ({ weight, arbitrary: fc.constant(a) })));
  const per = Math.ceil(total / ops.length);
  const lists = ops.map((op, i) => fc.sample(requestOf(op, pools, actors), { numRuns: per, seed: seedValue + i }));
  // Interleaved, so that every operation is exercised however early the run stops.
  return Array.from({ length: per }, (_, j) => lists.map((l) => l[j])).flat().slice(0, total);
}

export async function runFuzz(o: FuzzOptions): Promise<FuzzResult> {
  const s = await seed();
  const started = Date.now();
  try {
    const doc = (await s.sys.http.get('/openapi.json')).body as OpenApiDoc;
    const list = operationsOf(doc);
    const ops = new Map(list.map((op) => [op.key, op]));
    const users = (await s.sys.http.get('/users')).body.items.map((u: { id: string }) => u.id);
    const pools = poolsOf(s, users);
    const probe = createProbe(s, ops, createChecker(doc));
    const queue = plan(list, pools, o.requests, o.seed);
    o.log(`${list.length} operations, ${queue.length} requests, concurrency ${o.concurrency}`);
    const result: FuzzResult = { sent: 0, seconds: 0, statuses: {}, viaDefault: {}, unavailable: 0, trailChecks: 0, failures: [] };
    let next = 0;
    const worker = async () => {
      while (next < queue.length && Date.now() - started < o.limitMs) {
        const req = queue[next++];
        const { status, verdict, trailChecked } = await probe(req, o.trailSampleEvery);
        result.sent++;
        const byOp = (result.statuses[req.op] ??= {});
        byOp[status] = (byOp[status] ?? 0) + 1;
        if (status === 503) result.unavailable++;
        if (trailChecked) result.trailChecks++;
        if (!verdict.ok) result.failures.push({ kind: verdict.kind, op: req.op, detail: verdict.detail, request: req });
        else if (verdict.viaDefault) result.viaDefault[`${req.op} ${status}`] = (result.viaDefault[`${req.op} ${status}`] ?? 0) + 1;
        if (result.sent % 1000 === 0) o.log(`${result.sent} sent, ${result.failures.length} failures, ${Math.round((Date.now() - started) / 1000)}s`);
      }
    };
    await Promise.all(Array.from({ length: o.concurrency }, worker));
    for (const id of s.witnesses) {
      const now = await caseState(s.sys.http, id);
      if (now !== s.snapshot.get(id)) result.failures.push({ kind: 'witness case changed', op: '-', detail: `${id}: ${s.snapshot.get(id)?.slice(0, 200)} → ${now.slice(0, 200)}`, request: queue[0] });
    }
    result.seconds = (Date.now() - started) / 1000;
    await shrinkAll(result.failures, ops, pools, probe, o);
    return result;
  } finally {
    await s.sys.stop();
  }
}

/** For each kind of failure on an operation, searches again and lets fast-check shrink what it finds. */
async function shrinkAll(failures: Failure[], ops: Map<string, FuzzOperation>, pools: Pools, probe: ReturnType<typeof createProbe>, o: FuzzOptions) {
  const seen = new Set<string>();
  const actors = fc.constantFrom(...Object.keys(ACTOR_WEIGHTS));
  for (const f of failures) {
    const op = ops.get(f.op);
    if (!op || seen.has(`${f.op} ${f.kind}`) || seen.size >= 10) continue;
    seen.add(`${f.op} ${f.kind}`);
    const property = fc.asyncProperty(requestOf(op, pools, actors), async (req) => {
      const r = await probe(req, 1);
      return r.verdict.ok || r.verdict.kind !== f.kind;
    });
    const found = await fc.check(property, { numRuns: 200, seed: o.seed, endOnFailure: false, interruptAfterTimeLimit: 60_000 });
    if (found.failed && found.counterexample) f.shrunk = found.counterexample[0];
  }
}
