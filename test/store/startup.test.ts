/**
 * Start-up of several processes at once on an empty database, each with a connection pool of its
 * own (as processes have): the migrations run once, and the work done under the start-up lock
 * (the first admin here) happens once.
 */
import { expect } from 'chai';
import knex from 'knex';
import { ensureAdmin } from '../../api/auth/ensure-admin';
import { dbConfig, migrateLatest, type Db } from '../../store/db';
import { duringStartup } from '../../store/startup-lock';
import { forEachDatabase } from '../helpers/databases';

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
