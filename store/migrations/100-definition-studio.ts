import type { Knex } from 'knex';

/**
 * The definition studio's records: the change note each version was published with, and each
 * designer's draft of a definition, with the version it was begun from.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('definition_change_notes', (t) => {
    t.string('key', 64).notNullable();
    t.integer('version').notNullable();
    t.text('note').notNullable();
    t.string('created_by', 128).notNullable();
    t.string('created_at', 32).notNullable();
    t.primary(['key', 'version']);
  });
  await db.schema.createTable('definition_drafts', (t) => {
    t.string('key', 64).notNullable();
    t.string('owner_id', 128).notNullable();
    t.integer('base_version').notNullable();
    t.text('text').notNullable();
    t.string('updated_at', 32).notNullable();
    t.primary(['key', 'owner_id']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('definition_drafts');
  await db.schema.dropTableIfExists('definition_change_notes');
}
