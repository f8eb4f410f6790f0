import type { Knex } from 'knex';

/**
 * On SQLite the request counts move to their own file, attached to every connection as `counters`
 * (store/db.ts), so that counting a request never waits for a case's recording, nor a recording for
 * a count. The counts are windows of a minute; none is carried over. PostgreSQL locks rows, not the
 * database, and keeps the table where it is.
 */
export async function up(db: Knex): Promise<void> {
  if (db.client.config.client !== 'sqlite3') return;
  await db.raw('DROP TABLE main.rate_counters');
}

export async function down(db: Knex): Promise<void> {
  if (db.client.config.client !== 'sqlite3') return;
  await db.raw('CREATE TABLE main.rate_counters (key varchar(300) PRIMARY KEY, hits integer NOT NULL, resets_at bigint NOT NULL)');
  await db.raw('CREATE INDEX main.rate_counters_resets_at_index ON rate_counters (resets_at)');
}
