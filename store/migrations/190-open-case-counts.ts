import type { Knex } from 'knex';

/**
 * The dashboard's open cases by phase, risk level and breach, counted as cases change instead of
 * on each load: a count per team, definition, phase, risk level (empty for none) and breach of the
 * cases not closed, kept by triggers on every write of a case's row, whatever makes it. Grouping the
 * open cases on each load walked all of them (about 100 ms at 100,000 cases on SQLite).
 */
const KEY = ['team', 'definition_key', 'phase', 'risk_level', 'breached'];
const COUNTED = ['status', ...KEY];

const isOpen = (row: string) => `${row}.status <> 'closed'`;
const bump = (row: string, by: number) =>
  `insert into open_case_counts (team, definition_key, phase, risk_level, breached, n) values (${row}.team, ${row}.definition_key, ${row}.phase, coalesce(${row}.risk_level, ''), case when ${row}.breached then 1 else 0 end, ${by}) ` +
  `on conflict (team, definition_key, phase, risk_level, breached) do update set n = open_case_counts.n + excluded.n`;

// Only a change of what is counted moves a count: most writes of a case's row change none of it.
const sqliteChanged = COUNTED.map((c) => `old.${c} is not new.${c}`).join(' or ');
const pgChanged = COUNTED.map((c) => `old.${c} is distinct from new.${c}`).join(' or ');

const SQLITE_TRIGGERS = {
  cases_open_count_insert: `after insert on cases when ${isOpen('new')} begin ${bump('new', 1)}; end`,
  cases_open_count_delete: `after delete on cases when ${isOpen('old')} begin ${bump('old', -1)}; end`,
  cases_open_count_update_old: `after update of ${COUNTED.join(', ')} on cases when ${isOpen('old')} and (${sqliteChanged}) begin ${bump('old', -1)}; end`,
  cases_open_count_update_new: `after update of ${COUNTED.join(', ')} on cases when ${isOpen('new')} and (${sqliteChanged}) begin ${bump('new', 1)}; end`,
};

const PG_FUNCTION = `create function count_open_cases() returns trigger language plpgsql as $$
  begin
    if tg_op = 'UPDATE' and not (${pgChanged}) then return null; end if;
    if tg_op in ('UPDATE', 'DELETE') and ${isOpen('old')} then ${bump('old', -1)}; end if;
    if tg_op in ('UPDATE', 'INSERT') and ${isOpen('new')} then ${bump('new', 1)}; end if;
    return null;
  end $$`;

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('open_case_counts', (t) => {
    t.string('team').notNullable();
    t.string('definition_key').notNullable();
    t.string('phase', 32).notNullable();
    t.string('risk_level', 32).notNullable();
    t.integer('breached').notNullable();
    t.integer('n').notNullable();
    t.primary(KEY);
  });
  await db.raw(
    `insert into open_case_counts (team, definition_key, phase, risk_level, breached, n)
     select team, definition_key, phase, coalesce(risk_level, ''), case when breached then 1 else 0 end, count(*) from cases
     where status <> 'closed' group by team, definition_key, phase, coalesce(risk_level, ''), case when breached then 1 else 0 end`,
  );
  if (db.client.config.client === 'sqlite3') {
    for (const [name, body] of Object.entries(SQLITE_TRIGGERS)) await db.raw(`create trigger ${name} ${body}`);
    return;
  }
  await db.raw(PG_FUNCTION);
  await db.raw('create trigger cases_open_count after insert or update or delete on cases for each row execute procedure count_open_cases()');
}

export async function down(db: Knex): Promise<void> {
  if (db.client.config.client === 'sqlite3') {
    for (const name of Object.keys(SQLITE_TRIGGERS)) await db.raw(`drop trigger if exists ${name}`);
  } else {
    await db.raw('drop trigger if exists cases_open_count on cases');
    await db.raw('drop function if exists count_open_cases()');
  }
  await db.schema.dropTableIfExists('open_case_counts');
}
