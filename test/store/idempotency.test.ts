/** Idempotency keys: claimed once, answered again, kept per actor; on SQLite and PostgreSQL. */
import { expect } from 'chai';
import type { Db } from '../../store/db';
import { claimIdempotencyKey, finishIdempotencyKey, releaseIdempotencyKey, type IdempotentRequest } from '../../store/idempotency';
import { forEachDatabase } from '../helpers/databases';

const request = (overrides: Partial<IdempotentRequest> = {}): IdempotentRequest => ({
  key: 'key-1',
  actorId: 'sam',
  method: 'POST',
  path: '/cases/quick-case-000001/notes',
  bodyHash: 'b'.repeat(64),
  ...overrides,
});
const LONG_AGO = '2000-01-01T00:00:00.000Z';
/** Now, with no claim stale and no answer expired. */
const TIMES = { now: new Date().toISOString(), staleBefore: LONG_AGO, expiredBefore: LONG_AGO };

describe('idempotency store', () => forEachDatabase((open) => {
  let db: Db;
  beforeEach(async () => {
    db = await open();
  });

  it('lets the first request claim a key and answers its retries with the first answer', async () => {
    expect(await claimIdempotencyKey(db, request(), TIMES)).to.deep.equal({ kind: 'claimed' });
    expect(await claimIdempotencyKey(db, request(), TIMES)).to.deep.equal({ kind: 'running' });
    await finishIdempotencyKey(db, request(), 201, { id: 'quick-case-000001', title: 'Überstunden' });
    expect(await claimIdempotencyKey(db, request(), TIMES)).to.deep.equal({ kind: 'replay', status: 201, body: { id: 'quick-case-000001', title: 'Überstunden' } });
  });

  it('keeps keys apart per actor and tells a key reused for another request', async () => {
    await claimIdempotencyKey(db, request(), TIMES);
    expect(await claimIdempotencyKey(db, request({ actorId: 'ann' }), TIMES)).to.deep.equal({ kind: 'claimed' });
    expect(await claimIdempotencyKey(db, request({ bodyHash: 'c'.repeat(64) }), TIMES)).to.deep.equal({ kind: 'mismatch' });
  });

  it('frees a released key for the next attempt', async () => {
    await claimIdempotencyKey(db, request(), TIMES);
    await releaseIdempotencyKey(db, request());
    expect(await claimIdempotencyKey(db, request(), TIMES)).to.deep.equal({ kind: 'claimed' });
  });

  it('gives a key claimed by many requests at the same time to one of them', async () => {
    const claims = await Promise.all(Array.from({ length: 6 }, () => claimIdempotencyKey(db, request(), TIMES)));
    expect(claims.filter((c) => c.kind === 'claimed')).to.have.length(1);
    expect(claims.filter((c) => c.kind === 'running')).to.have.length(5);
  });
}));
