import type { Knex } from 'knex';
import { projectStoredCase } from '../case-views';

/**
 * The read model becomes a fold of each case's trail (store/projection.ts):
 * - `cases.view` holds the folded view without its notes; `cases.base_view` the view a case
 *   recorded before, which its fold starts from (its `trailLength` says which entries it covers);
 * - `case_notes`, and the tables lists and pages query: tasks (open ones by assignee, by role and
 *   team, by due time), follow-ups, deadlines and phase visits.
 * Every case already recorded is folded here: from its stored view, or from its trail and row
 * when it has none.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('cases', (t) => t.text('base_view').nullable());
  await db.schema.createTable('case_notes', (t) => {
    t.string('case_id', 128).notNullable();
    t.integer('position').notNullable();
    t.string('note_id', 32).notNullable();
    t.text('text').notNullable();
    t.string('by', 128).notNullable();
    t.string('at', 32).notNullable();
    t.primary(['case_id', 'position']);
  });
  await db.schema.createTable('case_tasks', (t) => {
    t.string('case_id', 128).notNullable();
    t.string('task_id', 32).notNullable();
    t.string('team', 128).notNullable();
    t.text('title').notNullable();
    t.string('assignee', 128);
    t.string('role', 32);
    t.string('due_at', 32);
    t.boolean('required').notNullable();
    t.string('status', 16).notNullable();
    t.string('created_at', 32).notNullable();
    t.string('completed_at', 32);
    t.string('completed_by', 128);
    // Routing's columns (110-routing): the fold below writes every column the code of today does.
    t.text('requires');
    t.text('prefers');
    t.string('risk_level', 16);
    t.primary(['case_id', 'task_id']);
    t.index(['assignee', 'status', 'due_at']);
    t.index(['role', 'team', 'status', 'due_at']);
    t.index(['status', 'due_at']);
  });
  await db.schema.createTable('case_follow_ups', (t) => {
    t.string('case_id', 128).notNullable();
    t.integer('n').notNullable();
    t.string('team', 128).notNullable();
    t.string('armed_at', 32).notNullable();
    t.string('due_at', 32).notNullable();
    t.string('made_due_at', 32);
    t.string('recorded_at', 32);
    t.string('outcome', 16);
    t.boolean('on_time');
    t.boolean('escalated').notNullable();
    t.boolean('cancelled').notNullable();
    t.primary(['case_id', 'n']);
    t.index(['team', 'due_at']);
    t.index(['due_at']);
  });
  await db.schema.createTable('case_deadlines', (t) => {
    t.string('case_id', 128).notNullable();
    t.integer('position').notNullable();
    t.string('team', 128).notNullable();
    t.string('phase', 32).notNullable();
    t.string('started_at', 32).notNullable();
    t.string('due_at', 32).notNullable();
    t.string('remind_at', 32);
    t.boolean('reminded').notNullable();
    t.boolean('breached').notNullable();
    t.boolean('met');
    t.string('ended_at', 32);
    t.primary(['case_id', 'position']);
    t.index(['team', 'due_at']);
    t.index(['due_at']);
  });
  await db.schema.createTable('case_visits', (t) => {
    t.string('case_id', 128).notNullable();
    t.integer('position').notNullable();
    t.string('phase', 32).notNullable();
    t.string('entered_at', 32).notNullable();
    t.string('left_at', 32);
    // Cycle time's columns (180-visit-times): the fold below writes every column the code of today does.
    t.string('team', 128);
    t.string('definition_key', 128);
    t.bigInteger('duration_ms');
    t.boolean('repeated').notNullable().defaultTo(false);
    t.primary(['case_id', 'position']);
    t.index(['phase', 'entered_at']);
  });

  for (let after = ''; ; ) {
    const ids: string[] = (await db('cases').where('id', '>', after).orderBy('id').limit(200).select('id')).map((r: { id: string }) => r.id);
    if (ids.length === 0) break;
    for (const id of ids) await projectStoredCase(db, id);
    after = ids[ids.length - 1];
  }
}

/** Views go back to holding every note, as the code before the fold read them. */
export async function down(db: Knex): Promise<void> {
  for (let after = ''; ; ) {
    const rows: { id: string; view: string }[] = await db('cases').where('id', '>', after).whereNotNull('view').orderBy('id').limit(200).select('id', 'view');
    if (rows.length === 0) break;
    for (const { id, view } of rows) {
      const parsed = JSON.parse(view) as Record<string, unknown>;
      if (Array.isArray(parsed.notes)) continue;
      const notes = (await db('case_notes').where({ case_id: id }).orderBy('position')).map((n: { note_id: string; text: string; by: string; at: string }) => ({ id: n.note_id, text: n.text, by: n.by, at: n.at }));
      const { noteCount: _count, ...rest } = parsed;
      await db('cases').where({ id }).update({ view: JSON.stringify({ ...rest, notes }) });
    }
    after = rows[rows.length - 1].id;
  }
  for (const table of ['case_visits', 'case_deadlines', 'case_follow_ups', 'case_tasks', 'case_notes']) await db.schema.dropTableIfExists(table);
  await db.schema.alterTable('cases', (t) => t.dropColumn('base_view'));
}
