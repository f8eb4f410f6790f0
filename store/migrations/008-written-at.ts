import type { Knex } from 'knex';

/**
 * The workflow task that wrote a trail entry or case row, by that task's time (ms): a workflow
 * task that wrote and then never completed (its worker or server died) is retried by a later one,
 * whose writes must win over the dead task's.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('case_events', (t) => t.bigInteger('written_at').notNullable().defaultTo(0));
  await db.schema.alterTable('cases', (t) => t.bigInteger('written_at').notNullable().defaultTo(0));
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('case_events', (t) => t.dropColumn('written_at'));
  await db.schema.alterTable('cases', (t) => t.dropColumn('written_at'));
}
