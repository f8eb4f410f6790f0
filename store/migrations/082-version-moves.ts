import type { Knex } from 'knex';

/** Jobs that move running cases to a newer version of their definition, with a result per case. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('version_move_jobs', (t) => {
    t.increments('id').primary();
    t.string('definition_key', 64).notNullable();
    t.integer('from_version').notNullable();
    t.integer('to_version').notNullable();
    t.string('reason', 2000).notNullable();
    t.text('actor').notNullable();
    t.string('created_at', 32).notNullable();
  });
  await db.schema.createTable('version_move_cases', (t) => {
    t.integer('job_id').notNullable();
    t.string('case_id', 128).notNullable();
    t.string('status', 16).notNullable();
    t.text('detail');
    t.string('updated_at', 32).notNullable();
    t.primary(['job_id', 'case_id']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('version_move_cases');
  await db.schema.dropTableIfExists('version_move_jobs');
}
