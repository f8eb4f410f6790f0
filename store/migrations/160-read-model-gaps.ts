import type { Knex } from 'knex';

/**
 * Cases the read model was found behind their workflows on (a read model restored from before
 * Temporal's state): one row a case, kept after it is brought up to date, so operators see what
 * was found, when, and what could not be brought back.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('read_model_gaps', (t) => {
    t.string('case_id', 128).primary();
    // Null when the read model had no row for the case at all.
    t.integer('read_revision');
    t.integer('workflow_revision').notNullable();
    t.string('found_at', 32).notNullable();
    t.string('repaired_at', 32);
    t.text('problem');
    t.index(['repaired_at']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('read_model_gaps');
}
