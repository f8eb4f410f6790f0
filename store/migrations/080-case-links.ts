import type { Knex } from 'knex';

/** Links between two cases (related, duplicate of, follows from), each with its reason and who made it. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('case_links', (t) => {
    t.increments('id').primary();
    t.string('from_case', 64).notNullable().index();
    t.string('to_case', 64).notNullable().index();
    t.string('kind', 32).notNullable();
    t.string('reason', 2000).notNullable();
    t.string('by', 128).notNullable();
    t.string('at', 32).notNullable();
    t.unique(['from_case', 'to_case', 'kind']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('case_links');
}
