import type { Knex } from 'knex';

/**
 * Which case a `POST /cases` with an Idempotency-Key opened: a retry after a lost answer reaches
 * the same case instead of opening a second one.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('case_open_requests', (t) => {
    t.string('actor_id', 128).notNullable();
    t.string('idempotency_key', 255).notNullable();
    t.string('case_id', 128).notNullable();
    t.integer('number').notNullable();
    t.string('created_at', 32).notNullable();
    t.primary(['actor_id', 'idempotency_key']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('case_open_requests');
}
