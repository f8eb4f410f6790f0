import type { Knex } from 'knex';
import { belowColumn, PIVOTS_MS } from '../phase-end-counts';

/**
 * Per-phase cycle time read from the visits alone, sorting nothing: each ended visit carries its
 * case's team and definition (so a filter never asks the case), its length in whole milliseconds
 * (so no date arithmetic runs per visit on read), and whether its case left that phase more than
 * once (so the visits that stand alone for their case need no grouping). An index keeps a phase's
 * visits in order of length, which answers a percentile by counting along it; a table of how many
 * lone visits of each phase, team and definition ended each day (and how many of them were
 * shorter than each of some lengths, store/phase-end-counts.ts), kept by triggers on every write of
 * a visit, counts a period's without reading its visits.
 */
const RANKED = { name: 'case_visits_phase_lengths', columns: ['phase', 'repeated', 'duration_ms', 'left_at', 'team', 'definition_key', 'case_id'] };

const durationSql = (db: Knex) =>
  db.client.config.client === 'sqlite3'
    ? 'cast(round((julianday(left_at) - julianday(entered_at)) * 86400000) as integer)'
    : 'round(extract(epoch from (left_at::timestamptz - entered_at::timestamptz)) * 1000)::bigint';

/** Whether a visit row (`new` or `old`) is one of the counted: ended, and its case's only end of the phase. */
const counted = (row: string) => `${row}.left_at is not null and not ${row}.repeated`;
const BELOW = PIVOTS_MS.map((_, i) => belowColumn(i));
const bump = (row: string, by: number) =>
  `insert into phase_end_counts (day, phase, team, definition_key, n, ${BELOW.join(', ')}) values (substr(${row}.left_at, 1, 10), ${row}.phase, coalesce(${row}.team, ''), coalesce(${row}.definition_key, ''), ${by}, ` +
  `${PIVOTS_MS.map((ms) => `case when ${row}.duration_ms < ${ms} then ${by} else 0 end`).join(', ')}) ` +
  `on conflict (day, phase, team, definition_key) do update set n = phase_end_counts.n + excluded.n, ${BELOW.map((c) => `${c} = phase_end_counts.${c} + excluded.${c}`).join(', ')}`;

const SQLITE_TRIGGERS = [
  `create trigger case_visits_count_insert after insert on case_visits when ${counted('new')} begin ${bump('new', 1)}; end`,
  `create trigger case_visits_count_delete after delete on case_visits when ${counted('old')} begin ${bump('old', -1)}; end`,
  `create trigger case_visits_count_update_old after update of left_at, repeated, phase, team, definition_key on case_visits when ${counted('old')} begin ${bump('old', -1)}; end`,
  `create trigger case_visits_count_update_new after update of left_at, repeated, phase, team, definition_key on case_visits when ${counted('new')} begin ${bump('new', 1)}; end`,
];
const SQLITE_TRIGGER_NAMES = ['case_visits_count_insert', 'case_visits_count_delete', 'case_visits_count_update_old', 'case_visits_count_update_new'];

const PG_FUNCTION = `create function count_phase_ends() returns trigger language plpgsql as $$
  begin
    if tg_op in ('UPDATE', 'DELETE') and ${counted('old')} then ${bump('old', -1)}; end if;
    if tg_op in ('UPDATE', 'INSERT') and ${counted('new')} then ${bump('new', 1)}; end if;
    return null;
  end $$`;

export async function up(db: Knex): Promise<void> {
  const sqlite = db.client.config.client === 'sqlite3';
  // A database made by 030 of this version has the columns already; one made before gets them here.
  if (!(await db.schema.hasColumn('case_visits', 'repeated'))) {
    await db.schema.alterTable('case_visits', (t) => {
      t.string('team', 128);
      t.string('definition_key', 128);
      t.bigInteger('duration_ms');
      t.boolean('repeated').notNullable().defaultTo(false);
    });
  }
  await db('case_visits').update({
    team: db('cases').select('team').whereRaw('cases.id = case_visits.case_id'),
    definition_key: db('cases').select('definition_key').whereRaw('cases.id = case_visits.case_id'),
  });
  await db('case_visits').whereNotNull('left_at').update({ duration_ms: db.raw(durationSql(db)) });
  await db('case_visits')
    .whereNotNull('left_at')
    // As one list of the cases' phases left more than once: asked per visit, SQLite would look among the phase's visits.
    .whereIn(['case_id', 'phase'], db('case_visits as ends').select('case_id', 'phase').whereNotNull('left_at').groupBy('case_id', 'phase').havingRaw('count(*) > 1'))
    .update({ repeated: true });
  await db.schema.alterTable('case_visits', (t) => t.index(RANKED.columns, RANKED.name));
  await db.schema.createTable('phase_end_counts', (t) => {
    t.string('day', 10).notNullable();
    t.string('phase', 32).notNullable();
    t.string('team').notNullable();
    t.string('definition_key').notNullable();
    t.integer('n').notNullable();
    for (const c of BELOW) t.integer(c).notNullable();
    t.primary(['day', 'phase', 'team', 'definition_key']);
  });
  const counts = db('case_visits')
    .whereNotNull('left_at')
    .where('repeated', false)
    .select(db.raw("substr(left_at, 1, 10) as day, phase, coalesce(team, '') as team, coalesce(definition_key, '') as definition_key, count(*) as n"))
    .select(PIVOTS_MS.map((ms, i) => db.raw(`sum(case when duration_ms < ${ms} then 1 else 0 end) as ${BELOW[i]}`)))
    .groupByRaw("substr(left_at, 1, 10), phase, coalesce(team, ''), coalesce(definition_key, '')")
    .toSQL();
  await db.raw(`insert into phase_end_counts (day, phase, team, definition_key, n, ${BELOW.join(', ')}) ${counts.sql}`, counts.bindings);
  if (sqlite) {
    for (const sql of SQLITE_TRIGGERS) await db.raw(sql);
    return;
  }
  await db.raw(PG_FUNCTION);
  await db.raw('create trigger case_visits_count after insert or update or delete on case_visits for each row execute procedure count_phase_ends()');
}

export async function down(db: Knex): Promise<void> {
  if (db.client.config.client === 'sqlite3') {
    for (const name of SQLITE_TRIGGER_NAMES) await db.raw(`drop trigger if exists ${name}`);
  } else {
    await db.raw('drop trigger if exists case_visits_count on case_visits');
    await db.raw('drop function if exists count_phase_ends()');
  }
  await db.schema.dropTableIfExists('phase_end_counts');
  await db.schema.alterTable('case_visits', (t) => t.dropIndex(RANKED.columns, RANKED.name));
  await db.schema.alterTable('case_visits', (t) => {
    t.dropColumn('team');
    t.dropColumn('definition_key');
    t.dropColumn('duration_ms');
    t.dropColumn('repeated');
  });
}
