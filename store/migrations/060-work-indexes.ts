import type { Knex } from 'knex';

/** "My work" lists the plans waiting for approval, due first: cases by phase and status, in due order. */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('cases', (t) => t.index(['phase', 'status', 'due_at'], 'cases_phase_status_due_at_index'));
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('cases', (t) => t.dropIndex(['phase', 'status', 'due_at'], 'cases_phase_status_due_at_index'));
}
