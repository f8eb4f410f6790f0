import type { Knex } from 'knex';

/** Views of the case list a person saved: a name and the list's filter, kept for them or shared with a team. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('saved_views', (t) => {
    t.increments('id').primary();
    t.string('owner_id', 128).notNullable().index();
    t.string('name', 200).notNullable();
    t.string('query', 2000).notNullable();
    t.string('team', 128).nullable().index();
    t.string('created_at', 32).notNullable();
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('saved_views');
}
