import type { Knex } from 'knex';

/**
 * The case as its people see it, as of the row's revision: `GET /cases/:id` reads it here, so
 * reading a case needs no worker and never asks a workflow about events it has not yet acted on.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('cases', (t) => t.text('view').nullable());
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('cases', (t) => t.dropColumn('view'));
}
