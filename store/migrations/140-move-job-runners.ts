import type { Knex } from 'knex';

/**
 * Which API process runs a move job, and until when its claim holds: a process renews the claim
 * while it runs the job, so another one (started after a crash, or beside it) takes over only a
 * job nobody is running.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('version_move_jobs', (t) => {
    t.string('runner', 64);
    t.bigInteger('claimed_until');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('version_move_jobs', (t) => {
    t.dropColumn('claimed_until');
    t.dropColumn('runner');
  });
}
