import type { Knex } from 'knex';

/**
 * What lists need of a case's clocks: its urgency, which the case sets again as each threshold
 * passes (so lists sort by a column, with no clock in SQL), and the calendar version it counts on,
 * so a new version of a calendar finds the running cases that count on an earlier one.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('cases', (t) => {
    t.integer('urgency').notNullable().defaultTo(0);
    t.string('calendar_key', 64).nullable();
    t.integer('calendar_version').nullable();
    t.index(['urgency', 'id'], 'cases_urgency');
    t.index(['calendar_key', 'status'], 'cases_calendar');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('cases', (t) => {
    t.dropIndex(['urgency', 'id'], 'cases_urgency');
    t.dropIndex(['calendar_key', 'status'], 'cases_calendar');
  });
  await db.schema.alterTable('cases', (t) => {
    t.dropColumn('urgency');
    t.dropColumn('calendar_key');
    t.dropColumn('calendar_version');
  });
}
