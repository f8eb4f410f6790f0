import type { Knex } from 'knex';

/**
 * One counter that every change to who may call bumps: a key revoked, re-pointed or removed, a
 * user changed (deactivated, given other roles or teams) or removed. API processes keep the keys
 * they have checked and honour one only while the counter is what it was when they checked it, so
 * a revocation takes effect at once in every process. Triggers bump it, so no write path (nor an
 * operator's SQL) can forget to.
 */
const SQLITE_TRIGGERS: Array<[name: string, when: string]> = [
  ['users_auth_version_update', 'after update on users'],
  ['users_auth_version_delete', 'after delete on users'],
  ['api_keys_auth_version_update', 'after update of revoked_at, user_id, hash on api_keys'],
  ['api_keys_auth_version_delete', 'after delete on api_keys'],
];

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('auth_version', (t) => {
    t.integer('id').primary();
    t.bigInteger('version').notNullable();
  });
  await db('auth_version').insert({ id: 1, version: 0 });
  if (db.client.config.client === 'sqlite3') {
    for (const [name, when] of SQLITE_TRIGGERS) {
      await db.raw(`create trigger ${name} ${when} begin update auth_version set version = version + 1 where id = 1; end`);
    }
    return;
  }
  await db.raw(`create function bump_auth_version() returns trigger language plpgsql as $$
    begin update auth_version set version = version + 1 where id = 1; return null; end $$`);
  await db.raw('create trigger users_auth_version after update or delete on users for each statement execute procedure bump_auth_version()');
  await db.raw('create trigger api_keys_auth_version after update of revoked_at, user_id, hash or delete on api_keys for each statement execute procedure bump_auth_version()');
}

export async function down(db: Knex): Promise<void> {
  if (db.client.config.client === 'sqlite3') {
    for (const [name] of SQLITE_TRIGGERS) await db.raw(`drop trigger if exists ${name}`);
  } else {
    await db.raw('drop trigger if exists users_auth_version on users');
    await db.raw('drop trigger if exists api_keys_auth_version on api_keys');
    await db.raw('drop function if exists bump_auth_version()');
  }
  await db.schema.dropTableIfExists('auth_version');
}
