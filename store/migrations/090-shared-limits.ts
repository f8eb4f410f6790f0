import type { Knex } from 'knex';

/**
 * What several API processes must share: request counts per key or address in fixed windows (rate
 * limits, wrong keys), failed console sign-ins, and the lease that lets one process at a time do
 * the start-up work (the first admin, publishing the definition files). Times are epoch ms.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('rate_counters', (t) => {
    t.string('key', 300).primary();
    t.integer('hits').notNullable();
    t.bigInteger('resets_at').notNullable().index();
  });
  await db.schema.createTable('sign_in_failures', (t) => {
    t.string('key', 400).primary();
    t.integer('failures').notNullable();
    t.bigInteger('last_at').notNullable().index();
    t.bigInteger('retry_at').notNullable();
  });
  await db.schema.createTable('startup_locks', (t) => {
    t.string('name', 64).primary();
    t.string('holder', 64).notNullable();
    t.bigInteger('expires_at').notNullable();
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('startup_locks');
  await db.schema.dropTableIfExists('sign_in_failures');
  await db.schema.dropTableIfExists('rate_counters');
}
