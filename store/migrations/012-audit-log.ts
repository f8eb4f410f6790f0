import type { Knex } from 'knex';

/**
 * What was done to the system itself (what is done to a case goes to its trail): who did it,
 * what, to what, with what details, and when. Admins read it; nothing updates or deletes a row.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('audit_log', (t) => {
    t.increments('id');
    t.string('actor', 128).notNullable();
    t.string('action', 64).notNullable();
    t.string('subject', 255).notNullable();
    t.text('details').notNullable();
    t.string('at', 32).notNullable();
    t.index(['action', 'id']);
    t.index(['subject', 'id']);
    t.index(['actor', 'id']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('audit_log');
}
