import type { Knex } from 'knex';

/**
 * Indexes that answer the dashboard's and the board's counts from the index alone, never reading the
 * case rows with their stored views: open cases by status with every column they are counted by;
 * cases by opening time and by closing time, with what the portfolio and the weekly counts group by;
 * and a phase's cases in the order they fall due. Each count comes first by status (or opening time),
 * and again by team first, so that a count of one team's cases finds an index that begins with it.
 */
const INDEXES: Array<{ name: string; columns: string[] }> = [
  { name: 'cases_open_counts', columns: ['status', 'team', 'definition_key', 'phase', 'risk_level', 'due_at', 'breached', 'assignee'] },
  // Also holds every column the portfolio and the weekly counts read, so whichever of the team's indexes a count takes, it reads no row.
  { name: 'cases_team_open_counts', columns: ['team', 'status', 'due_at', 'breached', 'definition_key', 'phase', 'risk_level', 'assignee', 'opened_at', 'closed_at', 'closure'] },
  { name: 'cases_opened_counts', columns: ['opened_at', 'team', 'definition_key', 'phase', 'risk_level', 'status', 'closure'] },
  { name: 'cases_closed_counts', columns: ['closed_at', 'team', 'definition_key'] },
  { name: 'cases_team_closed_counts', columns: ['team', 'closed_at', 'definition_key'] },
  { name: 'cases_phase_due', columns: ['phase', 'due_at', 'id'] },
  { name: 'cases_team_opened_counts', columns: ['team', 'opened_at', 'definition_key', 'phase', 'risk_level', 'status', 'closure'] },
];
/** Answered by cases_team_opened_counts, which begins with its columns. */
const SUPERSEDED = ['team', 'opened_at'];

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
