/** Slowing down password guesses, with the counts in the database (SQLite and PostgreSQL), shared by every API process. */
import { expect } from 'chai';
import { signInGuard } from '../../console/auth/sign-in-guard';
import type { Db } from '../../store/db';
import { forEachDatabase } from '../helpers/databases';

describe('console sign-in guard', () => forEachDatabase((open) => {
  let db: Db;
  let now: number;
  const clock = () => new Date(now);
  beforeEach(async () => {
    db = await open();
    now = Date.parse('2024-03-01T09:00:00.000Z');
  });

  it('lets a few failures pass, then doubles the wait per e-mail, whether or not it has an account', async () => {
    const guard = signInGuard({ freePerAccount: 2, freePerAddress: 100, clock, db });
    for (let i = 0; i < 2; i++) await guard.failed('Sam@Example.org', '10.0.0.1');
    expect(await guard.waitFor('sam@example.org', '10.0.0.2')).to.equal(0);
    await guard.failed('sam@example.org', '10.0.0.1');
    expect(await guard.waitFor('SAM@example.org', '10.0.0.2')).to.equal(5_000);
    now += 5_000;
    expect(await guard.waitFor('sam@example.org', '10.0.0.2')).to.equal(0);
    await guard.failed('sam@example.org', '10.0.0.1');
    expect(await guard.waitFor('sam@example.org', '10.0.0.2')).to.equal(10_000);
    expect(await guard.waitFor('other@example.org', '10.0.0.2')).to.equal(0);
    await guard.succeeded('sam@example.org');
    expect(await guard.waitFor('sam@example.org', '10.0.0.2')).to.equal(0);
  });

  it('counts per address too, across e-mails', async () => {
    const guard = signInGuard({ freePerAccount: 100, freePerAddress: 3, clock, db });
    for (const email of ['a@x.org', 'b@x.org', 'c@x.org', 'd@x.org']) await guard.failed(email, '10.0.0.9');
    expect(await guard.waitFor('e@x.org', '10.0.0.9')).to.equal(5_000);
    expect(await guard.waitFor('e@x.org', '10.0.0.10')).to.equal(0);
  });

  it('shares the counts between guards on one database, as API processes do, with failures sent at once all counted', async () => {
    const [one, two] = [signInGuard({ freePerAccount: 4, freePerAddress: 100, clock, db }), signInGuard({ freePerAccount: 4, freePerAddress: 100, clock, db })];
    await Promise.all([one, two, one, two, one].map((g) => g.failed('sam@example.org', '10.0.0.1')));
    expect(await two.waitFor('sam@example.org', '10.0.0.2')).to.equal(5_000);
    expect(await one.waitFor('sam@example.org', '10.0.0.2')).to.equal(5_000);
  });

  it('forgets a count an hour after its last failure', async () => {
    const guard = signInGuard({ freePerAccount: 1, freePerAddress: 100, clock, db });
    await guard.failed('sam@example.org', '10.0.0.1');
    await guard.failed('sam@example.org', '10.0.0.1');
    expect(await guard.waitFor('sam@example.org', '10.0.0.1')).to.equal(5_000);
    now += 60 * 60_000 + 1;
    expect(await guard.waitFor('sam@example.org', '10.0.0.1')).to.equal(0);
    await guard.failed('sam@example.org', '10.0.0.1');
    expect(await guard.waitFor('sam@example.org', '10.0.0.1')).to.equal(0);
  });
}));
