/** Versions of case definitions: immutable once saved, numbered from 1 per key. */
import type { Definition, VersionedDefinition } from '../common/definition-schema';
import { recordAudit } from './audit-log';
import { lockKey, writeTransaction, type Db } from './db';
import { approveAddresses, getDefinitionOwner, ownershipProblem, setDefinitionOwner, type Publisher } from './definition-owners';

export interface DefinitionVersionInfo {
  key: string;
  version: number;
  hash: string;
  createdBy: string;
  createdAt: string;
}

interface VersionRow {
  key: string;
  version: number;
  hash: string;
  content: string;
  created_by: string;
  created_at: string;
}

const info = (r: VersionRow): DefinitionVersionInfo => ({
  key: r.key,
  version: r.version,
  hash: r.hash,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

const versioned = (r: VersionRow): VersionedDefinition & { createdBy: string; createdAt: string } => ({
  key: r.key,
  version: r.version,
  hash: r.hash,
  definition: JSON.parse(r.content) as Definition,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

/** A publisher may not publish the key: it belongs to another team, or to none. */
export class DefinitionOwnedElsewhere extends Error {
  override name = 'DefinitionOwnedElsewhere';
}

/**
 * Saves a definition as its key's next version, unless it is identical to the latest one, and only
 * when the publisher may publish the key. A key's first version gives it its team: the one the
 * definition names, else the publisher's. An admin's or the folder's version approves its fixed
 * addresses. Every new version is recorded in the audit log, in the same transaction.
 * `hash` is the canonical hash of the validated definition.
 */
export async function saveDefinitionVersion(
  db: Db,
  definition: Definition,
  hash: string,
  publisher: Publisher,
): Promise<{ created: boolean; version: VersionedDefinition }> {
  return writeTransaction(db, async (trx) => {
    await lockKey(trx, `definition:${definition.key}`);
    const key = definition.key;
    const latest: VersionRow | undefined = await trx('definition_versions').where({ key }).orderBy('version', 'desc').first();
    let owner = await getDefinitionOwner(trx, key);
    const refused = ownershipProblem(publisher, key, owner, latest !== undefined);
    if (refused) throw new DefinitionOwnedElsewhere(refused);
    if (latest && latest.hash === hash) return { created: false, version: versioned(latest) };
    const row: VersionRow = {
      key,
      version: (latest?.version ?? 0) + 1,
      hash,
      content: JSON.stringify(definition),
      created_by: publisher.id,
      created_at: new Date().toISOString(),
    };
    await trx('definition_versions').insert(row);
    const assigned = owner === undefined ? (definition.team ?? publisher.defaultTeam) : undefined;
    if (assigned !== undefined) await setDefinitionOwner(trx, key, assigned, publisher.id);
    owner ??= assigned;
    const approved = publisher.approves ? await approveAddresses(trx, definition, publisher.id) : [];
    const details = { version: row.version, hash, team: owner ?? null, ...(assigned !== undefined ? { teamAssigned: true } : {}), ...(approved.length > 0 ? { approvedAddresses: approved } : {}) };
    await recordAudit(trx, { actor: publisher.id, action: 'definition.published', subject: `definition:${key}`, details });
    return { created: true, version: versioned(row) };
  });
}

export async function getDefinitionVersion(db: Db, key: string, version?: number) {
  const query = db('definition_versions').where({ key });
  const row: VersionRow | undefined = await (version === undefined ? query.orderBy('version', 'desc').first() : query.andWhere({ version }).first());
  return row ? versioned(row) : undefined;
}

export async function listDefinitionVersions(db: Db, key: string): Promise<DefinitionVersionInfo[]> {
  const rows: VersionRow[] = await db('definition_versions').where({ key }).orderBy('version');
  return rows.map(info);
}

/** The latest version of every definition. */
export async function listLatestDefinitions(db: Db) {
  const latest = db('definition_versions').select('key').max('version as version').groupBy('key').as('latest');
  const rows: VersionRow[] = await db('definition_versions')
    .join(latest, function () {
      this.on('definition_versions.key', '=', 'latest.key').andOn('definition_versions.version', '=', 'latest.version');
    })
    .select('definition_versions.*')
    .orderBy('definition_versions.key');
  return rows.map(versioned);
}
