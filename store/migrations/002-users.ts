import type { Knex } from 'knex';

/** People who use the system: their e-mail for notifications, their roles and teams for access. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('users', (t) => {
    t.string('id', 128).primary();
    t.string('name', 200).notNullable();
    t.string('email', 320).notNullable();
    t.text('roles').notNullable();
    t.text('teams').notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.string('created_at', 32).notNullable();
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('users');
}
