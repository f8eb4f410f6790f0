/** The people directory, on SQLite and PostgreSQL. */
import { expect } from 'chai';
import type { Db } from '../../store/db';
import { getUser, listUsers, saveUser, usersWithRole } from '../../store/users';
import { forEachDatabase } from '../helpers/databases';

describe('user store', () => forEachDatabase((open) => {
  let db: Db;
  beforeEach(async () => {
    db = await open();
  });

  it('reads a user back as saved, with roles, teams and active as their types', async () => {
    const saved = await saveUser(db, { id: 'sam', name: 'Sam Lee', email: 'sam@example.org', roles: ['case_manager', 'viewer'], teams: ['team-a', 'team-b'] });
    expect(saved).to.deep.include({ id: 'sam', name: 'Sam Lee', email: 'sam@example.org', roles: ['case_manager', 'viewer'], teams: ['team-a', 'team-b'], active: true });
    expect(saved.createdAt).to.match(/^\d{4}-\d{2}-\d{2}T/);
    expect(await getUser(db, 'sam')).to.deep.equal(saved);
    expect(await getUser(db, 'nobody')).to.equal(undefined);
  });

  it('saves a user again in place, keeping when they were first made', async () => {
    const first = await saveUser(db, { id: 'sam', name: 'Sam', email: 'sam@example.org', roles: ['viewer'], teams: ['team-a'] });
    const again = await saveUser(db, { id: 'sam', name: 'Sam Lee', email: 'sam.lee@example.org', roles: ['supervisor'], teams: ['team-b'], active: false });
    expect(again).to.deep.equal({ ...first, name: 'Sam Lee', email: 'sam.lee@example.org', roles: ['supervisor'], teams: ['team-b'], active: false });
    expect(await listUsers(db)).to.have.length(1);
  });

  it('lists users by id', async () => {
    for (const id of ['maria', 'ann', 'zoe', 'bob']) await saveUser(db, { id, name: id, email: `${id}@example.org`, roles: ['viewer'], teams: ['team-a'] });
    expect((await listUsers(db)).map((u) => u.id)).to.deep.equal(['ann', 'bob', 'maria', 'zoe']);
  });

  it('finds the active users with a role in a team', async () => {
    await saveUser(db, { id: 'ann', name: 'Ann', email: 'ann@example.org', roles: ['supervisor'], teams: ['team-a'] });
    await saveUser(db, { id: 'bob', name: 'Bob', email: 'bob@example.org', roles: ['supervisor'], teams: ['team-b'] });
    await saveUser(db, { id: 'cy', name: 'Cy', email: 'cy@example.org', roles: ['case_manager'], teams: ['team-a'] });
    await saveUser(db, { id: 'di', name: 'Di', email: 'di@example.org', roles: ['supervisor'], teams: ['team-a'], active: false });
    await saveUser(db, { id: 'ed', name: 'Ed', email: 'ed@example.org', roles: ['viewer', 'supervisor'], teams: ['team-c', 'team-a'] });
    expect((await usersWithRole(db, 'supervisor', 'team-a')).map((u) => u.id)).to.deep.equal(['ann', 'ed']);
  });
}));
