import type { Knex } from 'knex';

/**
 * The first answer to each POST sent with an Idempotency-Key, per actor, so that a retry gets the
 * same answer without the request running twice. `status` stays empty while the first one runs.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('idempotency_keys', (t) => {
    t.string('key', 255).notNullable();
    t.string('actor_id', 128).notNullable();
    t.string('method', 8).notNullable();
    t.string('path', 2048).notNullable();
    t.string('body_hash', 64).notNullable();
    t.integer('status');
    t.text('response');
    t.string('created_at', 32).notNullable();
    t.primary(['actor_id', 'key']);
    t.index(['created_at']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('idempotency_keys');
}
