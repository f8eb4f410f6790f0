/** The schema's versioned migrations, forward and back, on SQLite and PostgreSQL. */
import { expect } from 'chai';
import knex from 'knex';
import { dbConfig, type Db } from '../../store/db';
import { migrationSource } from '../../store/migrations';
import { forEachDatabase } from '../helpers/databases';

const TABLES = ['api_keys', 'approved_addresses', 'audit_log', 'auth_version', 'calendar_owners', 'calendar_versions', 'case_deadlines', 'case_destructions', 'case_events', 'case_follow_ups', 'case_links', 'case_notes', 'case_numbers', 'case_open_reservations', 'case_reports', 'case_tasks', 'case_visits', 'cases', 'console_sessions', 'definition_change_notes', 'definition_drafts', 'definition_owners', 'definition_versions', 'documents', 'form_drafts', 'idempotency_keys', 'open_case_counts', 'outbox', 'password_links', 'person_absences', 'person_capabilities', 'person_limits', 'phase_end_counts', 'rate_counters', 'read_model_gaps', 'retention_reviews', 'routing_turns', 'saved_views', 'sign_in_failures', 'startup_locks', 'task_claims', 'task_skips', 'users', 'version_move_cases', 'version_move_jobs'];

describe('migrations', () => forEachDatabase((_open, database) => {
  let db: Db;
  beforeEach(async () => {
    db = knex(dbConfig(await database.options()));
  });
  afterEach(async () => db.destroy());

  const tables = async () => {
    const names = database.kind === 'sqlite'
      ? (await db.raw("select name from sqlite_master where type = 'table'")).map((r: { name: string }) => r.name)
      : (await db.raw("select tablename as name from pg_tables where schemaname = 'public'")).rows.map((r: { name: string }) => r.name);
    return (names as string[]).filter((n) => !n.startsWith('knex_') && !n.startsWith('sqlite_')).sort();
  };
  const completed = async () => (await db.migrate.list({ migrationSource }))[0].map((m: { name: string }) => m.name);

  it('brings a new database to the latest schema, every migration in order, and then has nothing left to do', async () => {
    const all = await migrationSource.getMigrations([]);
    expect(await tables()).to.deep.equal([]);
    await db.migrate.latest({ migrationSource });
    expect(await tables()).to.deep.equal(TABLES);
    expect(await completed()).to.deep.equal(all);
    const [, ranAgain] = await db.migrate.latest({ migrationSource });
    expect(ranAgain).to.deep.equal([]);
  });

  it('undoes every migration and does them again', async () => {
    await db.migrate.latest({ migrationSource });
    await db.migrate.rollback({ migrationSource }, true);
    expect(await tables()).to.deep.equal([]);
    expect(await completed()).to.deep.equal([]);
    await db.migrate.latest({ migrationSource });
    expect(await tables()).to.deep.equal(TABLES);
  });

  it('stops at people who share an e-mail in any letter case, naming them, and then makes e-mails unique', async () => {
    const all = await migrationSource.getMigrations([]);
    for (const _ of all.slice(0, all.indexOf('040-unique-emails'))) await db.migrate.up({ migrationSource });
    const person = (id: string, email: string) => ({ id, name: id, email, roles: '["viewer"]', teams: '["team-a"]', active: true, created_at: '2024-01-01T00:00:00.000Z' });
    await db('users').insert([person('sam', 'Sam@Example.org'), person('sam2', 'sam@example.org'), person('ann', 'ann@example.org')]);
    const failure = await db.migrate.latest({ migrationSource }).then(
      () => undefined,
      (err: Error) => err,
    );
    expect(failure?.name).to.equal('DuplicateEmailsError');
    expect(failure?.message).to.include('sam@example.org: sam, sam2');
    expect(failure?.message).not.to.include('ann');
    expect(await completed()).not.to.include('040-unique-emails');

    await db('users').where({ id: 'sam2' }).update({ email: 'sam.two@example.org' });
    await db.migrate.latest({ migrationSource });
    expect(await completed()).to.deep.equal(all);
    const again = await db('users').insert(person('sam3', 'SAM@example.ORG')).then(
      () => 'inserted',
      () => 'refused',
    );
    expect(again).to.equal('refused');
  });
}));
