import type { Knex } from 'knex';

/**
 * Retention and purge. Trail entries written from now on keep a digest of their data, which their
 * hash covers in place of the data, so a purged entry (its data removed) still verifies. Cases past
 * their definition's retention are listed for review; each destruction is recorded.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('case_events', (t) => {
    t.string('data_digest', 64).nullable();
    t.boolean('purged').notNullable().defaultTo(false);
  });
  await db.schema.createTable('retention_reviews', (t) => {
    t.string('case_id', 128).primary();
    t.string('definition_key', 64).notNullable();
    t.string('closed_at', 32).notNullable();
    t.string('due_at', 32).notNullable();
    t.string('listed_at', 32).notNullable();
    t.index(['listed_at']);
  });
  await db.schema.createTable('case_destructions', (t) => {
    t.increments('id').primary();
    t.string('case_id', 128).notNullable().index();
    t.string('definition_key', 64).notNullable();
    t.string('approved_by', 128).notNullable();
    t.string('reason', 2000).notNullable();
    t.string('purged_at', 32).notNullable();
    t.text('details').notNullable();
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('case_destructions');
  await db.schema.dropTableIfExists('retention_reviews');
  await db.schema.alterTable('case_events', (t) => {
    t.dropColumn('purged');
    t.dropColumn('data_digest');
  });
}
