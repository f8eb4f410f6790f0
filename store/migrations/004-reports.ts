import type { Knex } from 'knex';

/**
 * One report per case, made when the case reaches evaluation. The figures the portfolio adds up
 * are columns; the whole report is kept as JSON for the per-case routes and the phase durations.
 * `opened_at` repeats the case's so the portfolio's window needs no join to the cases table.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('case_reports', (t) => {
    t.string('case_id', 128).primary();
    t.string('definition_key', 64).notNullable();
    t.integer('revision').notNullable();
    t.string('produced_at', 32).notNullable();
    t.string('opened_at', 32).notNullable();
    t.string('evaluated_at', 32);
    t.string('closed_at', 32);
    t.float('cycle_hours');
    t.float('satisfaction');
    t.float('cost');
    t.float('goals_reached');
    t.integer('goals_total').notNullable();
    t.integer('deadlines_met').notNullable();
    t.integer('deadlines_missed').notNullable();
    t.integer('follow_ups_done').notNullable();
    t.integer('follow_ups_on_time').notNullable();
    t.integer('reassessments').notNullable();
    t.integer('replans').notNullable();
    t.text('content').notNullable();
    t.index(['definition_key', 'opened_at']);
    t.index(['opened_at']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('case_reports');
}
