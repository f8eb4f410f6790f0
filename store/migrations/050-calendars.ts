import type { Knex } from 'knex';

/**
 * Working calendars, versioned like definitions (immutable once saved, numbered from 1 per key),
 * and the team each belongs to: only its designers (and admins) publish it.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('calendar_versions', (t) => {
    t.string('key', 64).notNullable();
    t.integer('version').notNullable();
    t.string('hash', 64).notNullable();
    t.text('content').notNullable();
    t.string('created_by', 128).notNullable();
    t.string('created_at', 32).notNullable();
    t.primary(['key', 'version']);
  });
  await db.schema.createTable('calendar_owners', (t) => {
    t.string('key', 64).primary();
    t.string('team', 128).notNullable();
    t.string('assigned_by', 128).notNullable();
    t.string('assigned_at', 32).notNullable();
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('calendar_owners');
  await db.schema.dropTableIfExists('calendar_versions');
}
