/**
 * Start-up of several processes at once on an empty database, each with a connection pool of its
 * own (as processes have): the migrations run once, and the work done under the start-up lock
 * (the first admin here) happens once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import knex from 'knex';
import { ensureAdmin } from '../../api/auth/ensure-admin';
import { dbConfig, migrateLatest, type Db } from '../../store/db';
import { duringStartup } from '../../store/startup-lock';
import { forEachDatabase } from '../helpers/databases';
import { eventually } from '../helpers/eventually';

describe('start-up of several processes at once', () => forEachDatabase((_open, database) => {
  let pools: Db[] = [];
  afterEach(async () => {
    await Promise.all(pools.map((p) => p.destroy()));
    pools = [];
  });

  it('migrates an empty database once, whichever process comes first, and makes one first admin', async () => {
    const options = await database.options();
    pools = [0, 1, 2].map(() => knex(dbConfig(options)));
    await Promise.all(pools.map((p) => migrateLatest(p)));
    const names = (await pools[0]('knex_migrations').select('name')).map((r: { name: string }) => r.name);
    expect(new Set(names).size).to.equal(names.length);
    expect(names).to.include('090-shared-limits');

    const made = await Promise.all(pools.map((p) => duringStartup(p, 'first-admin', () => ensureAdmin(p, { security: {} }, () => undefined))));
    expect(made.filter(Boolean)).to.have.length(1);
    const admins = (await pools[0]('users').select('roles')).filter((u: { roles: string }) => JSON.parse(u.roles).includes('admin'));
    expect(admins).to.have.length(1);
  });

  it('runs the work of one holder at a time', async () => {
    const options = await database.options();
    pools = [0, 1].map(() => knex(dbConfig(options)));
    await migrateLatest(pools[0]);
    let inside = 0;
    let most = 0;
    await Promise.all([...pools, ...pools].map((p) => duringStartup(p, 'work', async () => {
      most = Math.max(most, ++inside);
      await new Promise((r) => setTimeout(r, 30));
      inside--;
    })));
    expect(most).to.equal(1);
  });
}));

describe('start-up of several processes at once on SQLite, when they meet knex\'s lock table empty together', () => {
  let dataDir = '';
  let pools: Db[] = [];
  afterEach(async () => {
    await Promise.all(pools.map((p) => p.destroy()));
    pools = [];
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  // The moment between a first process making knex's lock table and adding its one row. Each
  // process that reads the table then finds it empty; a third connection holds SQLite's write lock
  // until both have read and asked to write, so the two writes come in turn, not at random.
  it('leaves knex\'s lock table with one row, so the migrations run', async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-startup-'));
    const holder = knex(dbConfig({ dataDir }));
    pools.push(holder);
    await holder.raw('create table `knex_migrations` (`id` integer not null primary key autoincrement, `name` varchar(255), `batch` integer, `migration_time` datetime)');
    await holder.raw('create table `knex_migrations_lock` (`index` integer not null primary key autoincrement, `is_locked` integer)');
    const held = await holder.transaction();
    await held.raw('update knex_migrations_lock set is_locked = is_locked where 0');

    const starting = [0, 1].map(() => knex(dbConfig({ dataDir })));
    pools.push(...starting);
    let lockRowWrites = 0;
    for (const p of starting) {
      p.on('query', (q: { sql: string }) => {
        if (/^insert into `?knex_migrations_lock/i.test(q.sql)) lockRowWrites++;
      });
    }
    const migrating = Promise.all(starting.map((p) => migrateLatest(p)));
    await eventually(async () => expect(lockRowWrites).to.equal(2), 10_000, 10);
    await held.commit();
    await migrating;

    expect(await holder('knex_migrations_lock').select('is_locked')).to.deep.equal([{ is_locked: 0 }]);
    const names = (await holder('knex_migrations').select('name')).map((r: { name: string }) => r.name);
    expect(names).to.include('090-shared-limits');
    expect(new Set(names).size).to.equal(names.length);
  });
});
