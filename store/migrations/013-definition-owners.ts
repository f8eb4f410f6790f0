import type { Knex } from 'knex';

interface VersionRow {
  key: string;
  content: string;
  created_by: string;
}

/**
 * The team each definition belongs to: only its designers (and admins) publish it. A definition on
 * record takes the team its first version names, else the first team of whoever published that
 * version; the first version, since a later one may have come from anyone. A definition with
 * neither belongs to no team, and only admins publish it until one does.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('definition_owners', (t) => {
    t.string('key', 64).primary();
    t.string('team', 128).notNullable();
    t.string('assigned_by', 128).notNullable();
    t.string('assigned_at', 32).notNullable();
  });

  const firsts: VersionRow[] = await db('definition_versions').where({ version: 1 }).select('key', 'content', 'created_by');
  const now = new Date().toISOString();
  for (const first of firsts) {
    const named = (JSON.parse(first.content) as { team?: unknown }).team;
    let team = typeof named === 'string' && named ? named : undefined;
    if (!team) {
      const user: { teams: string } | undefined = await db('users').where({ id: first.created_by }).first('teams');
      const teams = user ? (JSON.parse(user.teams) as unknown[]) : [];
      team = typeof teams[0] === 'string' ? teams[0] : undefined;
    }
    if (team) await db('definition_owners').insert({ key: first.key, team, assigned_by: 'migration', assigned_at: now });
  }
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('definition_owners');
}
