import type { Knex } from 'knex';

/**
 * Indexes that leave the planner one good choice where it had a poor one (test/store/query-plans.test.ts
 * holds each plan):
 * - a person's cases by status, in due order: "My work"'s cases assigned to them, the cases whose
 *   tasks and follow-ups are theirs, and a board filtered by assignee. Without it SQLite, which keeps
 *   no statistics here, read them through the index of cases by status, most of the table.
 * - a definition's cases by opening and by closing time, holding what the dashboard counts them by:
 *   a dashboard of one definition took the old (definition_key, opened_at) index and read every case
 *   row of that definition once a week shown. The opening one begins with the old one's columns, so
 *   a case list of one definition, newest first, reads it in order as it read the old one.
 */
const INDEXES: Array<{ name: string; columns: string[] }> = [
  { name: 'cases_assignee_status_due', columns: ['assignee', 'status', 'due_at'] },
  { name: 'cases_definition_opened_counts', columns: ['definition_key', 'opened_at', 'team', 'phase', 'risk_level', 'status', 'closure'] },
  { name: 'cases_definition_closed_counts', columns: ['definition_key', 'closed_at', 'team'] },
];
/** Answered by cases_definition_opened_counts, which begins with its columns. */
const SUPERSEDED = ['definition_key', 'opened_at'];

export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('cases', (t) => {
    for (const i of INDEXES) t.index(i.columns, i.name);
    t.dropIndex(SUPERSEDED);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('cases', (t) => {
    t.index(SUPERSEDED);
    for (const i of INDEXES) t.dropIndex(i.columns, i.name);
  });
}
