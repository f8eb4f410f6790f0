import type { Knex } from 'knex';

/** API keys: only a key's SHA-256 is kept, so a copy of the database lets no one in. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('api_keys', (t) => {
    t.string('id', 64).primary();
    t.string('user_id', 128).notNullable().references('id').inTable('users');
    t.string('name', 200).notNullable();
    t.string('hash', 64).notNullable().unique();
    t.string('created_at', 32).notNullable();
    t.string('revoked_at', 32);
    t.string('last_used_at', 32);
    t.index(['user_id']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('api_keys');
}
