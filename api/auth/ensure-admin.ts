/**
 * The first admin. A fresh installation has nobody who could make users or keys, so on start,
 * when no active admin exists, user `admin` is made with a key: ADMIN_API_KEY when set (only its
 * hash is kept), or a new key printed once.
 */
import type { Config } from '../../runtime/config';
import { apiKeyIdOf, createApiKey } from '../../store/api-keys';
import type { Db } from '../../store/db';
import { listUsers, saveUser } from '../../store/users';

export const FIRST_ADMIN_ID = 'admin';

export interface FirstAdmin {
  userId: string;
  keyId: string;
  /** The key when it was generated here; absent when it came from ADMIN_API_KEY. */
  key?: string;
}

/** Makes the first admin when there is none; returns what it made, or undefined. */
export async function ensureAdmin(db: Db, config: { security: Pick<Config['security'], 'adminApiKey'> }, print: (line: string) => void = console.log): Promise<FirstAdmin | undefined> {
  const users = await listUsers(db);
  if (users.some((u) => u.active && u.roles.includes('admin'))) return undefined;

  const existing = users.find((u) => u.id === FIRST_ADMIN_ID);
  await saveUser(db, {
    id: FIRST_ADMIN_ID,
    name: existing?.name ?? 'Administrator',
    email: existing?.email ?? 'admin@localhost',
    roles: ['admin'],
    teams: existing?.teams.length ? existing.teams : ['default'],
    active: true,
  });
  const given = config.security.adminApiKey;
  const known = given ? await apiKeyIdOf(db, given) : undefined;
  if (known) {
    // A key once stored (and perhaps revoked since) is never brought back by a restart.
    print(`ADMIN_API_KEY is on record already as ${known}; it is not made again. Set another key to make a new one.`);
    return undefined;
  }
  const made = await createApiKey(db, FIRST_ADMIN_ID, 'first admin key', given);
  if (given) {
    print(`Made user '${FIRST_ADMIN_ID}' with the key from ADMIN_API_KEY.`);
    return { userId: FIRST_ADMIN_ID, keyId: made.id };
  }
  print(`Made user '${FIRST_ADMIN_ID}'. Its API key, shown this once (keep it; only its hash is stored):`);
  print(`  ${made.key}`);
  print('Use it as "Authorization: Bearer <key>"; see docs/security.md to add people and their keys.');
  return { userId: FIRST_ADMIN_ID, keyId: made.id, key: made.key };
}
