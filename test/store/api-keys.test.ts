/** API keys, kept as hashes: made, found, used, revoked; on SQLite and PostgreSQL. */
import { expect } from 'chai';
import { apiKeyIdOf, authenticateKey, createApiKey, getApiKey, hashKey, KEY_PREFIX, listApiKeys, revokeApiKey } from '../../store/api-keys';
import type { Db } from '../../store/db';
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
