/**
 * Definition routes: designers publish case definitions as YAML or JSON, each new content becoming
 * the key's next version, check one without saving it, and read and compare the versions.
 */
import express, { Router, type Request } from 'express';
import type { z } from 'zod';
import type { Actor } from '../../common/case-types';
import { diffDefinitions } from '../../definitions/diff';
import { canonicalHash } from '../../definitions/loader';
import type { Definition } from '../../common/definition-schema';
import { validateDefinition, type DefinitionProblem } from '../../definitions/validate';
import { listCalendarKeys } from '../../store/calendars';
import type { Db } from '../../store/db';
import { DefinitionOwnedElsewhere, getDefinitionVersion, listDefinitionVersions, listLatestDefinitions, saveDefinitionVersion } from '../../store/definitions';
import { getDefinitionOwner, listDefinitionOwners } from '../../store/definition-owners';
import { checkAddresses, checkCaseTeam, checkOwnership, publisherOf } from '../definition-publishing';
import { HttpError, notFound } from '../problem';
import { documentOf, rejectedDocument } from '../published-documents';
import { validate } from '../validate';
import { definitionKeyParams, definitionVersionParams, diffQuery, YAML_TYPES } from '../schemas/definitions';

type Stored = NonNullable<Awaited<ReturnType<typeof getDefinitionVersion>>>;

/** `ownerTeam`: the team whose designers publish it; absent when only admins may. */
const infoOf = (v: Stored, ownerTeam: string | undefined) => ({
  key: v.key,
  ...(ownerTeam ? { ownerTeam } : {}),
  name: v.definition.name,
  description: v.definition.description,
  model: v.definition.model,
  version: v.version,
  hash: v.hash,
  createdAt: v.createdAt,
  createdBy: v.createdBy,
});
const fullOf = (v: Stored, ownerTeam: string | undefined) => ({ ...infoOf(v, ownerTeam), definition: v.definition });

const rejected = (problems: DefinitionProblem[]) => rejectedDocument('definition', problems);

/**
 * The request's definition with its defaults applied, or a 422 listing every problem at once;
 * `calendars`: the keys of the calendars published.
 */
function definitionOf(req: Request, calendars: readonly string[], pathKey?: string): Definition {
  const document = documentOf(req, 'definition');
  const result = validateDefinition(document, { calendars });
  const problems = result.ok ? [] : [...result.errors];
  const bodyKey = (document as { key?: unknown } | null | undefined)?.key;
  if (pathKey !== undefined && typeof bodyKey === 'string' && bodyKey !== pathKey) {
    problems.push({ path: 'key', message: `must equal the key in the path ('${pathKey}'), not '${bodyKey}'` });
  }
  if (!result.ok || problems.length) throw rejected(problems);
  return result.definition;
}

async function found(db: Db, key: string, version?: number): Promise<Stored> {
  const stored = await getDefinitionVersion(db, key, version);
  if (!stored) throw notFound(version === undefined ? `the definition '${key}'` : `version ${version} of the definition '${key}'`);
  return stored;
}

export interface DefinitionRouteDeps {
  db: Db;
  /** Domains a designer's fixed notification addresses may be in without an admin's approval. */
  notifyAllowedDomains: readonly string[];
}

export function definitionRoutes({ db, notifyAllowedDomains }: DefinitionRouteDeps): Router {
  const router = Router();
  router.use('/definitions', express.text({ type: YAML_TYPES, limit: '1mb' }));

  router.get('/definitions', async (_req, res) => {
    const owners = await listDefinitionOwners(db);
    res.json({ items: (await listLatestDefinitions(db)).map((v) => infoOf(v, owners.get(v.key))) });
  });

  router.post('/definitions/validate', async (req, res) => {
    const definition = definitionOf(req, await listCalendarKeys(db));
    const actor = res.locals.actor as Actor;
    checkCaseTeam(actor, definition);
    await checkAddresses(db, actor, definition, notifyAllowedDomains);
    res.json({ valid: true, definition });
  });

  router.put('/definitions/:key', validate({ params: definitionKeyParams }), async (req, res) => {
    const { key } = res.locals.params as z.infer<typeof definitionKeyParams>;
    const actor = res.locals.actor as Actor;
    await checkOwnership(db, actor, key);
    const definition = definitionOf(req, await listCalendarKeys(db), key);
    checkCaseTeam(actor, definition);
    await checkAddresses(db, actor, definition, notifyAllowedDomains);
    const { created, version } = await saveDefinitionVersion(db, definition, canonicalHash(definition), publisherOf(actor)).catch((err: unknown) => {
      // Another team took the key between the check above and the save.
      throw err instanceof DefinitionOwnedElsewhere ? new HttpError(403, 'Forbidden', err.message) : err;
    });
    const saved = await found(db, key, version.version);
    if (created) res.status(201).location(`/definitions/${key}/versions/${saved.version}`);
    res.json(fullOf(saved, await getDefinitionOwner(db, key)));
  });

  router.get('/definitions/:key', validate({ params: definitionKeyParams }), async (_req, res) => {
    const { key } = res.locals.params as z.infer<typeof definitionKeyParams>;
    res.json(fullOf(await found(db, key), await getDefinitionOwner(db, key)));
  });

  router.get('/definitions/:key/versions', validate({ params: definitionKeyParams }), async (_req, res) => {
    const { key } = res.locals.params as z.infer<typeof definitionKeyParams>;
    const items = await listDefinitionVersions(db, key);
    if (items.length === 0) throw notFound(`the definition '${key}'`);
    res.json({ items });
  });

  router.get('/definitions/:key/versions/:version', validate({ params: definitionVersionParams }), async (_req, res) => {
    const { key, version } = res.locals.params as z.infer<typeof definitionVersionParams>;
    res.json(fullOf(await found(db, key, version), await getDefinitionOwner(db, key)));
  });

  router.get('/definitions/:key/diff', validate({ params: definitionKeyParams, query: diffQuery }), async (_req, res) => {
    const { key } = res.locals.params as z.infer<typeof definitionKeyParams>;
    const { from, to } = res.locals.query as z.infer<typeof diffQuery>;
    const [older, newer] = await Promise.all([found(db, key, from), found(db, key, to)]);
    res.json({ key, from, to, changes: diffDefinitions(older.definition, newer.definition) });
  });

  return router;
}
