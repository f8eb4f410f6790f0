/** `GET /health`: whether the API reaches Temporal and the database. */
import { Router } from 'express';
import type { Client } from '@temporalio/client';
import type { Db } from '../../store/db';

async function probe(check: () => Promise<unknown>): Promise<{ ok: boolean; error?: string }> {
  try {
    await check();
    return { ok: true };
  } catch {
    // The route is public, so the cause (a driver or gRPC message) is not handed to whoever asks.
    return { ok: false, error: 'unreachable' };
  }
}

export function healthRoutes({ client, db, namespace }: { client: Client; db: Db; namespace: string }): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const [temporal, database] = await Promise.all([
      probe(() => client.workflowService.describeNamespace({ namespace }, )),
      probe(() => db.raw('select 1')),
    ]);
    const ok = temporal.ok && database.ok;
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', temporal, database });
  });
  return router;
}
