import type { Knex } from 'knex';

/** Per-phase cycle time counts the visits that ended in a period: an index on the end time that holds what the figure needs finds them without reading every visit or any visit's row. */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('case_visits', (t) => t.index(['left_at', 'phase', 'case_id', 'entered_at'], 'case_visits_left_at_index'));
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('case_visits', (t) => t.dropIndex(['left_at', 'phase', 'case_id', 'entered_at'], 'case_visits_left_at_index'));
}
