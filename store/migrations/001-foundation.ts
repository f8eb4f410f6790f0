import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('definition_versions', (t) => {
    t.string('key', 64).notNullable();
    t.integer('version').notNullable();
    t.string('hash', 64).notNullable();
    t.text('content').notNullable();
    t.string('created_by', 128).notNullable();
    t.string('created_at', 32).notNullable();
    t.primary(['key', 'version']);
  });

  await db.schema.createTable('case_numbers', (t) => {
    t.string('definition_key', 64).primary();
    t.integer('last_number').notNullable();
  });

  // One row per case for lists and dashboards, written by the case's workflow after each change.
  await db.schema.createTable('cases', (t) => {
    t.string('id', 128).primary();
    t.integer('number').notNullable();
    t.string('definition_key', 64).notNullable();
    t.integer('definition_version').notNullable();
    t.string('title', 500).notNullable();
    t.string('subject', 500);
    t.string('team', 128).notNullable();
    t.string('phase', 32).notNullable();
    t.string('status', 16).notNullable();
    t.string('closure', 32);
    t.string('risk_level', 16);
    t.float('risk_score');
    t.string('assignee', 128);
    t.string('opened_at', 32).notNullable();
    t.string('closed_at', 32);
    t.string('due_at', 32);
    t.boolean('breached').notNullable().defaultTo(false);
    t.integer('revision').notNullable();
    t.string('updated_at', 32).notNullable();
    t.index(['status', 'phase', 'opened_at']);
    t.index(['risk_level', 'opened_at']);
    t.index(['assignee', 'opened_at']);
    t.index(['definition_key', 'opened_at']);
    t.index(['team', 'opened_at']);
    t.index(['opened_at']);
  });

  // The audit trail: append-only, one chain of hashes per case.
  await db.schema.createTable('case_events', (t) => {
    t.string('case_id', 128).notNullable();
    t.integer('seq').notNullable();
    t.string('type', 64).notNullable();
    t.string('actor', 128).notNullable();
    t.string('at', 32).notNullable();
    t.text('data').notNullable();
    t.string('prev_hash', 64).notNullable();
    t.string('hash', 64).notNullable();
    t.primary(['case_id', 'seq']);
  });
}

export async function down(db: Knex): Promise<void> {
  for (const table of ['case_events', 'cases', 'case_numbers', 'definition_versions']) {
    await db.schema.dropTableIfExists(table);
  }
}
