/** API keys, kept as hashes: made, found, used, revoked; on SQLite and PostgreSQL. */
import { expect } from 'chai';
import { KnownKeys } from '../../api/auth/known-keys';
import { apiKeyIdOf, authenticateKey, authVersion, authVersionWithCount, createApiKey, getApiKey, hashKey, KEY_PREFIX, listApiKeys, revokeApiKey } from '../../store/api-keys';
import type { Db } from '../../store/db';
import { incrementCounter } from '../../store/rate-counters';
import { saveUser } from '../../store/users';
import { forEachDatabase } from '../helpers/databases';

describe('API key store', () => forEachDatabase((open) => {
  let db: Db;
  beforeEach(async () => {
    db = await open();
    for (const id of ['sam', 'ann']) await saveUser(db, { id, name: id, email: `${id}@example.org`, roles: ['case_manager'], teams: ['team-a'] });
  });

  it('shows a new key once and keeps only its hash', async () => {
    const made = await createApiKey(db, 'sam', 'laptop');
    expect(made.key.startsWith(KEY_PREFIX)).to.equal(true);
    expect(made).to.deep.include({ userId: 'sam', name: 'laptop' });
    const stored = await db('api_keys').where({ id: made.id }).first();
    expect(stored.hash).to.equal(hashKey(made.key));
    expect(Object.values(stored)).not.to.include(made.key);
    const { key, ...withoutKey } = made;
    expect(key).to.be.a('string');
    expect(await getApiKey(db, made.id)).to.deep.equal(withoutKey);
  });

  it('authenticates a known key as its user and notes when it was last used', async () => {
    const made = await createApiKey(db, 'sam', 'laptop');
    const found = await authenticateKey(db, made.key);
    expect(found?.keyId).to.equal(made.id);
    expect(found?.user).to.deep.include({ id: 'sam', roles: ['case_manager'], teams: ['team-a'], active: true });
    expect((await getApiKey(db, made.id))?.lastUsedAt).to.match(/^\d{4}-\d{2}-\d{2}T/);
    expect(await authenticateKey(db, `${KEY_PREFIX}not-a-key`)).to.equal(undefined);
  });

  it('refuses a revoked key, and a key of an inactive user', async () => {
    const revoked = await createApiKey(db, 'sam', 'old');
    const kept = await createApiKey(db, 'ann', 'kept');
    const after = await revokeApiKey(db, revoked.id);
    expect(after?.revokedAt).to.match(/^\d{4}-\d{2}-\d{2}T/);
    expect(await authenticateKey(db, revoked.key)).to.equal(undefined);
    expect(await apiKeyIdOf(db, revoked.key)).to.equal(revoked.id);
    expect((await revokeApiKey(db, revoked.id))?.revokedAt).to.equal(after?.revokedAt);
    await saveUser(db, { id: 'ann', name: 'ann', email: 'ann@example.org', roles: ['case_manager'], teams: ['team-a'], active: false });
    expect(await authenticateKey(db, kept.key)).to.equal(undefined);
  });

  it('bumps the auth version on a revocation and on every change or removal of a user, not on a key made or used', async () => {
    const made = await createApiKey(db, 'sam', 'laptop');
    const start = await authVersion(db);
    await authenticateKey(db, made.key);
    await createApiKey(db, 'ann', 'phone');
    expect(await authVersion(db)).to.equal(start);
    await revokeApiKey(db, made.id);
    expect(await authVersion(db)).to.equal(start + 1);
    await saveUser(db, { id: 'ann', name: 'ann', email: 'ann@example.org', roles: ['viewer'], teams: ['team-a'] });
    expect(await authVersion(db)).to.equal(start + 2);
    await db('api_keys').where({ user_id: 'ann' }).delete();
    await db('users').where({ id: 'ann' }).delete();
    expect(await authVersion(db)).to.equal(start + 4);
  });

  it('reads the auth version and a counter in its window in one statement, each as it is read alone', async () => {
    const made = await createApiKey(db, 'sam', 'laptop');
    const start = await authVersion(db);
    expect(await authVersionWithCount(db, 'wrong-key:10.0.0.1', 5_000)).to.deep.equal({ version: start });
    await incrementCounter(db, 'wrong-key:10.0.0.1', 60_000, 1_000);
    await incrementCounter(db, 'wrong-key:10.0.0.1', 60_000, 2_000);
    await incrementCounter(db, 'wrong-key:10.0.0.2', 60_000, 2_000);
    expect(await authVersionWithCount(db, 'wrong-key:10.0.0.1', 5_000)).to.deep.equal({ version: start, count: { hits: 2, resetsAt: 61_000 } });
    // A revocation shows at once, beside the count; an ended window shows no count.
    await revokeApiKey(db, made.id);
    expect(await authVersionWithCount(db, 'wrong-key:10.0.0.1', 5_000)).to.deep.equal({ version: start + 1, count: { hits: 2, resetsAt: 61_000 } });
    expect(await authVersionWithCount(db, 'wrong-key:10.0.0.1', 61_000)).to.deep.equal({ version: start + 1 });
  });

  it('refuses a known key at once under an auth version its caller read after a revocation', async () => {
    const keys = new KnownKeys(db);
    const made = await createApiKey(db, 'sam', 'laptop');
    const before = await authVersion(db);
    expect((await keys.lookUp(made.key, before))?.keyId).to.equal(made.id);
    expect((await keys.known(made.key, (await authVersionWithCount(db, 'wrong-key:a')).version))?.keyId).to.equal(made.id);
    await revokeApiKey(db, made.id);
    expect(await keys.known(made.key, (await authVersionWithCount(db, 'wrong-key:a')).version)).to.equal(undefined);
    expect(await keys.lookUp(made.key, (await authVersionWithCount(db, 'wrong-key:a')).version)).to.equal(undefined);
  });

  it('honours a known key without looking it up, until it is revoked, its user changes or its minute ends', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const keys = new KnownKeys(db, { ttlMs: 60_000, now: () => now });
    const made = await createApiKey(db, 'sam', 'laptop');
    const other = await createApiKey(db, 'ann', 'phone');
    expect(await keys.known(made.key)).to.equal(undefined);
    expect((await keys.lookUp(made.key))?.keyId).to.equal(made.id);
    expect((await keys.lookUp(other.key))?.keyId).to.equal(other.id);
    // Known: a key's last use noted (by any process) changes nothing about who may call…
    await db('api_keys').update({ last_used_at: new Date(now).toISOString() });
    expect((await keys.known(made.key))?.user.roles).to.deep.equal(['case_manager']);
    // …but a revocation, as any process makes it, is, and for every key.
    await revokeApiKey(db, other.id);
    expect(await keys.known(other.key)).to.equal(undefined);
    expect(await keys.known(made.key)).to.equal(undefined);
    expect(await keys.lookUp(other.key)).to.equal(undefined);
    expect((await keys.lookUp(made.key))?.keyId).to.equal(made.id);
    await saveUser(db, { id: 'sam', name: 'sam', email: 'sam@example.org', roles: ['viewer'], teams: ['team-a'] });
    expect(await keys.known(made.key)).to.equal(undefined);
    expect((await keys.lookUp(made.key))?.user.roles).to.deep.equal(['viewer']);
    now += 60_000;
    expect(await keys.known(made.key)).to.equal(undefined);
  });

  it('lists keys oldest first, of everyone or of one user', async () => {
    const a = await createApiKey(db, 'sam', 'first');
    const b = await createApiKey(db, 'ann', 'second');
    const c = await createApiKey(db, 'sam', 'third');
    const madeAt = { [a.id]: '2024-01-03T00:00:00.000Z', [b.id]: '2024-01-01T00:00:00.000Z', [c.id]: '2024-01-02T00:00:00.000Z' };
    for (const [id, at] of Object.entries(madeAt)) await db('api_keys').where({ id }).update({ created_at: at });
    const ids = (keys: { id: string }[]) => keys.map((k) => k.id);
    expect(ids(await listApiKeys(db))).to.deep.equal([b.id, c.id, a.id]);
    expect(ids(await listApiKeys(db, 'sam'))).to.deep.equal([c.id, a.id]);
  });

  it('refuses a key stored twice and a key of an unknown user', async () => {
    const made = await createApiKey(db, 'sam', 'one');
    const refused = async (p: Promise<unknown>) => p.then(() => false, () => true);
    expect(await refused(createApiKey(db, 'ann', 'same key', made.key))).to.equal(true);
    expect(await refused(createApiKey(db, 'nobody', 'orphan'))).to.equal(true);
    expect(await listApiKeys(db)).to.have.length(1);
  });
}));
