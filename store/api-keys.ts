/**
 * API keys: random bearer tokens, kept only as SHA-256 hashes. A key is shown once, when it is
 * made; afterwards only its id, name and dates are known.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './db';
import type { WindowCount } from './rate-counters';
import { userFromRow, type User, type UserRow } from './users';

export const KEY_PREFIX = 'cw_';

export interface ApiKey {
  id: string;
  userId: string;
  name: string;
  createdAt: string;
  revokedAt?: string;
  lastUsedAt?: string;
}

interface ApiKeyRow {
  id: string;
  user_id: string;
  name: string;
  hash: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

// Recording every use would make each read a write; once a minute is enough to tell a live key.
const LAST_USED_RESOLUTION_MS = 60_000;

const fromRow = (r: ApiKeyRow): ApiKey => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  createdAt: r.created_at,
  ...(r.revoked_at ? { revokedAt: r.revoked_at } : {}),
  ...(r.last_used_at ? { lastUsedAt: r.last_used_at } : {}),
});

export const hashKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

export const generateKey = (): string => KEY_PREFIX + randomBytes(32).toString('base64url');

/** Stores a key for a user; with no key given, makes one. The key itself is returned, never stored. */
export async function createApiKey(db: Db, userId: string, name: string, key = generateKey()): Promise<ApiKey & { key: string }> {
  const row: ApiKeyRow = {
    id: `key_${randomBytes(8).toString('hex')}`,
    user_id: userId,
    name,
    hash: hashKey(key),
    created_at: new Date().toISOString(),
    revoked_at: null,
    last_used_at: null,
  };
  await db('api_keys').insert(row);
  return { ...fromRow(row), key };
}

/** The id of the record a key was stored as, revoked or not. */
export async function apiKeyIdOf(db: Db, key: string): Promise<string | undefined> {
  const row: Pick<ApiKeyRow, 'id'> | undefined = await db('api_keys').select('id').where({ hash: hashKey(key) }).first();
  return row?.id;
}

export async function listApiKeys(db: Db, userId?: string): Promise<ApiKey[]> {
  const query = db<ApiKeyRow>('api_keys').select('id', 'user_id', 'name', 'created_at', 'revoked_at', 'last_used_at');
  if (userId) query.where({ user_id: userId });
  return (await query.orderBy([{ column: 'created_at' }, { column: 'id' }])).map((r) => fromRow(r as ApiKeyRow));
}

export async function getApiKey(db: Db, id: string): Promise<ApiKey | undefined> {
  const row: ApiKeyRow | undefined = await db('api_keys').where({ id }).first();
  return row ? fromRow(row) : undefined;
}

/**
 * Revokes a key at once: the revocation bumps the counter of authVersion (a trigger does, migration
 * 170), and a key known to an API process holds only while that counter stays as it was.
 */
export async function revokeApiKey(db: Db, id: string): Promise<ApiKey | undefined> {
  await db('api_keys').where({ id }).whereNull('revoked_at').update({ revoked_at: new Date().toISOString() });
  return getApiKey(db, id);
}

/** The key's id and its user when the key is known, not revoked, and its user active. */
export async function authenticateKey(db: Db, key: string): Promise<{ keyId: string; user: User } | undefined> {
  // Every request asks this, so the key and its user come in one query.
  const row: (UserRow & { key_id: string; last_used_at: string | null }) | undefined = await db('api_keys')
    .join('users', 'users.id', 'api_keys.user_id')
    .where({ 'api_keys.hash': hashKey(key) })
    .whereNull('api_keys.revoked_at')
    .first('users.*', 'api_keys.id as key_id', 'api_keys.last_used_at');
  if (!row) return undefined;
  const user = userFromRow(row);
  if (!user.active) return undefined;
  const now = Date.now();
  if (!row.last_used_at || now - Date.parse(row.last_used_at) > LAST_USED_RESOLUTION_MS) {
    await db('api_keys').where({ id: row.key_id }).update({ last_used_at: new Date(now).toISOString() });
  }
  return { keyId: row.key_id, user };
}

/**
 * A counter that every revocation, and every change or removal of a user or a key, bumps (by
 * triggers, migration 170). A key found while it had one value may be honoured again, without
 * looking it up, for as long as it keeps that value.
 */
export async function authVersion(db: Db): Promise<number> {
  const row: { version: number | string } | undefined = await db('auth_version').where({ id: 1 }).first('version');
  return Number(row?.version ?? 0);
}

/**
 * The auth version and a rate counter's count in its window (none once the window has ended), in
 * one statement: a request with a key this process knows reads both, and nothing else, to be let in.
 */
export async function authVersionWithCount(db: Db, counterKey: string, now = Date.now()): Promise<{ version: number; count?: WindowCount }> {
  const result: unknown = await db.raw(
    `select (select version from auth_version where id = 1) as version, c.hits, c.resets_at
       from (select 1 as one) as one left join rate_counters c on c.key = ? and c.resets_at > ?`,
    [counterKey, now],
  );
  // SQLite's driver answers with the rows themselves, PostgreSQL's with a result holding them.
  const [row] = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { version: number | string | null; hits: number | string | null; resets_at: number | string | null }[];
  const version = Number(row?.version ?? 0);
  return row?.hits === null || row?.hits === undefined ? { version } : { version, count: { hits: Number(row.hits), resetsAt: Number(row.resets_at) } };
}
