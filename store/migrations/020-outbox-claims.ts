import type { Knex } from 'knex';

/**
 * An attempt to send a message claims it until a time. Another attempt leaves a claimed message
 * alone: a case's next run going on with a delivery its previous run had under way, or an attempt
 * outliving its timeout, never sends a message while the first attempt may still be sending it.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('outbox', (t) => t.string('claimed_until', 32));
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('outbox', (t) => t.dropColumn('claimed_until'));
}
