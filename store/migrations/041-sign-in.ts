import type { Knex } from 'knex';

/**
 * Signing in to the console: a password hash per person, sessions kept on the server, one-time
 * links that set a password, and what a person typed into a form their expired session could not
 * take. Tokens are kept as their SHA-256 only, so the table gives nobody a way in.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('users', (t) => {
    t.text('password_hash').nullable();
    t.string('password_set_at', 32).nullable();
  });
  await db.schema.createTable('console_sessions', (t) => {
    t.string('id', 64).primary();
    t.string('user_id', 128).notNullable().index();
    t.string('csrf_token', 64).notNullable();
    t.string('time_zone', 64).nullable();
    t.string('created_at', 32).notNullable();
    t.string('last_seen_at', 32).notNullable().index();
  });
  await db.schema.createTable('password_links', (t) => {
    t.string('id', 64).primary();
    t.string('user_id', 128).notNullable().index();
    t.string('purpose', 16).notNullable();
    t.string('created_by', 128).notNullable();
    t.string('created_at', 32).notNullable();
    t.string('expires_at', 32).notNullable();
    t.string('used_at', 32).nullable();
  });
  await db.schema.createTable('form_drafts', (t) => {
    t.string('id', 64).primary();
    t.string('user_id', 128).notNullable();
    t.string('page', 2000).notNullable();
    t.text('fields').notNullable();
    t.string('created_at', 32).notNullable().index();
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('form_drafts');
  await db.schema.dropTableIfExists('password_links');
  await db.schema.dropTableIfExists('console_sessions');
  await db.schema.alterTable('users', (t) => {
    t.dropColumn('password_set_at');
    t.dropColumn('password_hash');
  });
}
