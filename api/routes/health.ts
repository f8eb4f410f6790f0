/**
 * Health, for load balancers and orchestrators: `GET /health/live` answers while the process
 * serves HTTP at all (restart it when it does not); `GET /health/ready` and `GET /health` answer 503
 * while Temporal or the database cannot be reached (send it no traffic meanwhile), and say how many
 * cases the read model was found behind on and not yet brought up to date (worker/read-model-check.ts).
 */
import { Router } from 'express';
import type { Client } from '@temporalio/client';
import type { Db } from '../../store/db';
import { countOpenGaps } from '../../store/read-model-gaps';

async function probe(check: () => Promise<unknown>, timeoutMs: number): Promise<{ ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([check(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), timeoutMs)))]);
    return { ok: true };
  } catch {
    // The route is public, so the cause (a driver or gRPC message) is not handed to whoever asks.
    return { ok: false, error: 'unreachable' };
  } finally {
    clearTimeout(timer);
  }
}

/** A probe that waits longer than this counts as a failure: an orchestrator's own timeout is often 1 s to 5 s. */
const PROBE_TIMEOUT_MS = 2_000;

export function healthRoutes({ client, db, namespace }: { client: Client; db: Db; namespace: string }): Router {
  const router = Router();
  const ready = async (_req: unknown, res: import('express').Response) => {
    const [temporal, database] = await Promise.all([
      probe(() => client.workflowService.describeNamespace({ namespace }), PROBE_TIMEOUT_MS),
      probe(() => db.raw('select 1'), PROBE_TIMEOUT_MS),
    ]);
    const ok = temporal.ok && database.ok;
    // Counted, not named: the route is public. The cases are named in the worker's log and by npm run read-model:check.
    const casesBehind = database.ok ? await countOpenGaps(db).catch(() => undefined) : undefined;
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', temporal, database, ...(casesBehind !== undefined ? { readModel: { casesBehind } } : {}) });
  };
  router.get('/health', ready);
  router.get('/health/ready', ready);
  router.get('/health/live', (_req, res) => void res.json({ status: 'ok' }));
  return router;
}
