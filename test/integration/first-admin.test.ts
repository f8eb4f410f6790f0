/** The first admin on a fresh database: made once, with a printed key or the one from ADMIN_API_KEY. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ensureAdmin } from '../../api/auth/ensure-admin';
import { authenticateKey, hashKey, revokeApiKey } from '../../store/api-keys';
import { openDb, type Db } from '../../store/db';
import { getUser, saveUser } from '../../store/users';

describe('first admin: ensureAdmin on start', () => {
  let dir: string;
  let db: Db;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-admin-'));
    db = await openDb({ dataDir: dir });
  });
  afterEach(async () => {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('makes user admin with a key printed once, and nothing on the next start', async () => {
    const lines: string[] = [];
    const made = await ensureAdmin(db, { security: {} }, (l) => lines.push(l));
    expect(made?.key).to.match(/^cw_/);
    expect(lines.join('\n')).to.include(made!.key!);
    expect(await getUser(db, 'admin')).to.deep.include({ roles: ['admin'], teams: ['default'], active: true });
    expect((await authenticateKey(db, made!.key!))?.user.id).to.equal('admin');

    const again: string[] = [];
    expect(await ensureAdmin(db, { security: {} }, (l) => again.push(l))).to.equal(undefined);
    expect(again).to.deep.equal([]);
    expect(await db('api_keys').count({ n: '*' })).to.deep.equal([{ n: 1 }]);
  });

  it('stores only the hash of ADMIN_API_KEY, and never brings it back once revoked', async () => {
    const key = 'my-own-admin-key-0123456789abcdefghijklmnop';
    const security = { adminApiKey: key };
    const lines: string[] = [];
    const made = await ensureAdmin(db, { security }, (l) => lines.push(l));
    expect(made?.key).to.equal(undefined);
    expect(lines.join('\n')).not.to.include(key);
    const row = await db('api_keys').first();
    expect(row.hash).to.equal(hashKey(key));
    expect(JSON.stringify(row)).not.to.include(key);

    await revokeApiKey(db, made!.keyId);
    await saveUser(db, { id: 'admin', name: 'Administrator', email: 'admin@localhost', roles: ['viewer'], teams: ['default'] });
    expect(await ensureAdmin(db, { security }, () => undefined)).to.equal(undefined);
    expect(await authenticateKey(db, key)).to.equal(undefined);
  });
});
