/** API keys, for admins: make one for a user (shown once), list them without secrets, revoke one. */
import { Router } from 'express';
import type { Actor } from '../../common/case-types';
import type { z } from 'zod';
import { withAudit } from '../../store/audit-log';
import { createApiKey, getApiKey, listApiKeys, revokeApiKey } from '../../store/api-keys';
import type { Db } from '../../store/db';
import { getUser } from '../../store/users';
import { replayBodyOf } from '../idempotency';
import { invalid, notFound } from '../problem';
import { validate } from '../validate';
import { apiKeyIdParams, createApiKeyBody, listApiKeysQuery } from '../schemas/users';

export function apiKeyRoutes({ db }: { db: Db }): Router {
  const router = Router();

  router.post('/api-keys', validate({ body: createApiKeyBody }), async (_req, res) => {
    const { userId, name } = res.locals.body as z.infer<typeof createApiKeyBody>;
    const user = await getUser(db, userId);
    if (!user) throw invalid([{ field: 'userId', message: `no user has the id '${userId}'` }]);
    if (!user.active) throw invalid([{ field: 'userId', message: `${userId} is inactive; activate the user first` }]);
    const actor = (res.locals.actor as Actor).id;
    const { key, ...record } = await withAudit(db, (trx) => createApiKey(trx, userId, name), (k) => ({ actor, action: 'api_key.created', subject: `api_key:${k.id}`, details: { userId, name } }));
    // A retry with the same Idempotency-Key gets the record but never the key again.
    replayBodyOf(res, record);
    res.status(201).json({ ...record, key });
  });

  router.get('/api-keys', validate({ query: listApiKeysQuery }), async (_req, res) => {
    res.json({ items: await listApiKeys(db, (res.locals.query as z.infer<typeof listApiKeysQuery>).userId) });
  });

  router.delete('/api-keys/:id', validate({ params: apiKeyIdParams }), async (_req, res) => {
    const id: string = res.locals.params.id;
    if (!(await getApiKey(db, id))) throw notFound('the API key');
    const actor = (res.locals.actor as Actor).id;
    res.json(await withAudit(db, (trx) => revokeApiKey(trx, id), (k) => ({ actor, action: 'api_key.revoked', subject: `api_key:${id}`, details: { userId: k?.userId } })));
  });

  return router;
}
