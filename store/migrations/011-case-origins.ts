import type { Knex } from 'knex';

/**
 * One case id is one case, for good.
 * - `cases.origin`: the token the API gave a case when it opened it. A write under the same id
 *   from any other case (its id was started again) is refused, so it cannot replace the row or the
 *   trail. Empty for cases opened before tokens were given.
 * - `case_open_reservations` replaces `case_open_requests`: the case number a `POST /cases` with an
 *   Idempotency-Key took, bound to the whole request (actor, key, definition, body) and kept only as
 *   long as the key's answer, so the same key with another request never reaches that number.
 *   Reservations made before were bound to the key alone; they are not carried over.
 * - `idempotency_keys.case_id`: the case a kept answer shows, so a replay is checked again against
 *   what the caller may see now.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('cases', (t) => t.string('origin', 64).nullable());
  await db.schema.createTable('case_open_reservations', (t) => {
    t.string('actor_id', 128).notNullable();
    t.string('idempotency_key', 255).notNullable();
    t.string('definition_key', 64).notNullable();
    t.string('request_hash', 64).notNullable();
    t.string('case_id', 128).notNullable();
    t.integer('number').notNullable();
    t.string('origin', 64).notNullable();
    t.string('created_at', 32).notNullable();
    t.primary(['actor_id', 'idempotency_key', 'definition_key', 'request_hash']);
    t.index(['created_at']);
  });
  await db.schema.dropTableIfExists('case_open_requests');
  await db.schema.alterTable('idempotency_keys', (t) => t.string('case_id', 128).nullable());
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('idempotency_keys', (t) => t.dropColumn('case_id'));
  await db.schema.createTable('case_open_requests', (t) => {
    t.string('actor_id', 128).notNullable();
    t.string('idempotency_key', 255).notNullable();
    t.string('case_id', 128).notNullable();
    t.integer('number').notNullable();
    t.string('created_at', 32).notNullable();
    t.primary(['actor_id', 'idempotency_key']);
  });
  await db.schema.dropTableIfExists('case_open_reservations');
  await db.schema.alterTable('cases', (t) => t.dropColumn('origin'));
}
