import type { Knex } from 'knex';

/**
 * Documents uploaded to cases: their metadata here, their bytes in the documents directory under
 * their SHA-256, so one content uploaded twice is kept once.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('documents', (t) => {
    t.string('id', 64).primary();
    t.string('case_id', 128).notNullable();
    t.string('sha256', 64).notNullable();
    t.bigInteger('size').notNullable();
    t.string('content_type', 255).notNullable();
    t.string('file_name', 255).notNullable();
    t.string('title', 200).nullable();
    t.string('uploaded_by', 128).notNullable();
    t.string('uploaded_at', 32).notNullable();
    t.index(['case_id']);
    t.index(['sha256']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('documents');
}
