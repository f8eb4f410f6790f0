import type { Knex } from 'knex';

/**
 * Work routing: people's capabilities, limits and absences; which open task is claimed by whom
 * (one row a task, so two claims of one task cannot both hold), what a person skipped, and where
 * round robin stands per team and role. The task rows carry what routing asks of them: required
 * and preferred capabilities and the case's risk level, so a queue is read from one table.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('person_capabilities', (t) => {
    t.string('user_id', 128).notNullable();
    t.string('name', 64).notNullable();
    t.integer('level').notNullable();
    t.primary(['user_id', 'name']);
    t.index(['name', 'level']);
  });
  await db.schema.createTable('person_limits', (t) => {
    t.string('user_id', 128).primary();
    t.integer('max_open_cases');
    t.integer('max_open_tasks');
  });
  await db.schema.createTable('person_absences', (t) => {
    t.increments('id');
    t.string('user_id', 128).notNullable();
    t.string('starts_on', 10).notNullable();
    t.string('ends_on', 10).notNullable();
    t.string('delegate', 128);
    t.text('reason').notNullable();
    t.string('created_by', 128).notNullable();
    t.string('created_at', 32).notNullable();
    t.index(['user_id', 'ends_on']);
  });
  await db.schema.createTable('task_claims', (t) => {
    t.string('case_id', 128).notNullable();
    t.string('task_id', 32).notNullable();
    t.string('user_id', 128).notNullable();
    t.text('reason').notNullable();
    t.string('claimed_at', 32).notNullable();
    t.primary(['case_id', 'task_id']);
    t.index(['user_id']);
  });
  await db.schema.createTable('task_skips', (t) => {
    t.string('user_id', 128).notNullable();
    t.string('case_id', 128).notNullable();
    t.string('task_id', 32).notNullable();
    t.text('reason').notNullable();
    t.string('skipped_at', 32).notNullable();
    t.primary(['user_id', 'case_id', 'task_id']);
  });
  await db.schema.createTable('routing_turns', (t) => {
    t.string('scope', 300).primary();
    t.string('last_user_id', 128).notNullable();
  });
  // A database made by 030 of this version has the columns already; one made before gets them here.
  const missing = !(await db.schema.hasColumn('case_tasks', 'requires'));
  await db.schema.alterTable('case_tasks', (t) => {
    if (missing) {
      t.text('requires');
      t.text('prefers');
      t.string('risk_level', 16);
    }
    t.index(['team', 'status', 'assignee', 'due_at'], 'case_tasks_queue');
  });
  await db('case_tasks').update({ risk_level: db('cases').select('risk_level').where('cases.id', db.ref('case_tasks.case_id')) });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('case_tasks', (t) => {
    t.dropIndex(['team', 'status', 'assignee', 'due_at'], 'case_tasks_queue');
    t.dropColumn('requires');
    t.dropColumn('prefers');
    t.dropColumn('risk_level');
  });
  for (const table of ['routing_turns', 'task_skips', 'task_claims', 'person_absences', 'person_limits', 'person_capabilities']) await db.schema.dropTableIfExists(table);
}
