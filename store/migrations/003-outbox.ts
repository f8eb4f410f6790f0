import type { Knex } from 'knex';

/**
 * Every notification e-mail, written before it is sent: its stable id keeps a retried activity from
 * sending it twice, and its status shows what is still owed when the mail server is down.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('outbox', (t) => {
    t.string('message_id', 128).primary();
    t.string('case_id', 128).notNullable();
    t.integer('event_seq').notNullable();
    t.string('event', 64).notNullable();
    t.integer('rule_index').notNullable();
    t.string('recipient', 320).notNullable();
    t.text('subject').notNullable();
    t.text('body').notNullable();
    t.string('status', 16).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.string('created_at', 32).notNullable();
    t.string('sent_at', 32);
    t.index(['case_id']);
    t.index(['status']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('outbox');
}
