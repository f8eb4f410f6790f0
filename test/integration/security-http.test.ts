/** The HTTP hardening: security headers, CORS for configured origins only, the per-key rate limit, and the limit on wrong keys. */
import { expect } from 'chai';
import { DEFAULT_SECURITY } from '../../api/security';
import { quickCase } from '../fixtures/definitions';
import { eventually } from '../helpers/eventually';
import { httpClient, startSystem, type TestSystem } from '../helpers/system';

describe('security: headers, CORS and rate limits', () => {
  const origin = 'https://cases.example.org';
  let plain: TestSystem;
  let tuned: TestSystem;
  before(async () => {
    plain = await startSystem({ definitions: [quickCase] });
    tuned = await startSystem({ definitions: [quickCase], security: { corsOrigins: [origin], rateLimitPerMinute: 5 } });
  });
  after(async () => {
    await plain?.stop();
    await tuned?.stop();
  });

  it('sends security headers and no X-Powered-By, on answers and on problems', async () => {
    for (const res of [await plain.http.get('/cases'), await plain.http.get('/cases/quick-case-999999'), await httpClient(plain.url).get('/health')]) {
      expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
      expect(res.headers.get('x-frame-options')).to.equal('SAMEORIGIN');
      expect(res.headers.get('strict-transport-security')).to.match(/max-age=/);
      expect(res.headers.get('content-security-policy')).to.be.a('string');
      expect(res.headers.get('x-powered-by')).to.equal(null);
    }
  });

  it('allows no cross-origin calls by default', async () => {
    const preflight = await plain.http.raw('OPTIONS', '/cases', undefined, { origin, 'access-control-request-method': 'POST' });
    expect(preflight.headers.get('access-control-allow-origin')).to.equal(null);
    const get = await plain.http.get('/cases', { origin });
    expect(get.headers.get('access-control-allow-origin')).to.equal(null);
  });

  it('allows the configured origins, with the headers the API reads', async () => {
    const preflight = await tuned.http.raw('OPTIONS', '/cases', undefined, { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,idempotency-key' });
    expect(preflight.status).to.equal(204);
    expect(preflight.headers.get('access-control-allow-origin')).to.equal(origin);
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).to.include('idempotency-key');
    const other = await tuned.http.raw('OPTIONS', '/cases', undefined, { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' });
    expect(other.headers.get('access-control-allow-origin')).to.equal(null);
  });

  it('limits requests per API key with a 429 problem and Retry-After; another key has its own budget', async () => {
    const first = await tuned.addUser({ roles: ['viewer'] });
    const second = await tuned.addUser({ roles: ['viewer'] });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await tuned.as(first).get('/cases')).status);
    expect(statuses).to.deep.equal([200, 200, 200, 200, 200, 429]);
    const limited = await tuned.as(first).get('/cases');
    expect(limited.status).to.equal(429);
    expect(limited.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(limited.body).to.include({ status: 429, title: 'Too Many Requests' });
    expect(Number(limited.headers.get('retry-after'))).to.be.greaterThan(0);
    expect((await tuned.as(second).get('/cases')).status).to.equal(200);
  });
});

describe('security: wrong keys per client address', () => {
  let guarded: TestSystem;
  let brief: TestSystem;
  before(async () => {
    // The default limit (AUTH_FAILURE_LIMIT 20 per 900 s), and a short window to see it end.
    guarded = await startSystem({ definitions: [quickCase], security: { authFailureLimit: DEFAULT_SECURITY.authFailureLimit, authFailureWindowSeconds: DEFAULT_SECURITY.authFailureWindowSeconds } });
    brief = await startSystem({ definitions: [quickCase], security: { authFailureLimit: 5, authFailureWindowSeconds: 2 } });
  });
  after(async () => {
    await guarded?.stop();
    await brief?.stop();
  });

  const wrongKey = (i: number) => `cw_guess-${String(i).padStart(6, '0')}-${'x'.repeat(30)}`;

  it('answers 429 with Retry-After past 20 wrong keys from one address, to a right key as well, and leaves public routes and requests without a key alone', async () => {
    const started = Date.now();
    const statuses = new Map<number, number>();
    let limited: Awaited<ReturnType<TestSystem['http']['get']>> | undefined;
    for (let i = 0; i < 700; i++) {
      const res = await guarded.as(wrongKey(i)).get('/cases');
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status === 429) limited ??= res;
    }
    console.log(`      700 wrong keys in ${Date.now() - started} ms: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(', ')}`);
    expect(Object.fromEntries(statuses)).to.deep.equal({ 401: 20, 429: 680 });
    expect(limited!.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(limited!.body).to.include({ status: 429, title: 'Too Many Requests' });
    const retryAfter = Number(limited!.headers.get('retry-after'));
    expect(retryAfter).to.be.greaterThan(0).and.at.most(900);

    // A right key gets the same answer, so the limit does not tell a guesser when a guess is right.
    expect((await guarded.http.get('/cases')).status).to.equal(429);
    expect((await httpClient(guarded.url).get('/cases')).status).to.equal(401);
    expect((await httpClient(guarded.url).get('/health')).status).to.equal(200);
  });

  it('counts only wrong keys, holds a burst sent at once, and lets the address in again once the window ends', async () => {
    for (let i = 0; i < 30; i++) expect((await brief.http.get('/cases')).status).to.equal(200);
    const burst = await Promise.all(Array.from({ length: 40 }, (_, i) => brief.as(wrongKey(i)).get('/cases')));
    const unauthorized = burst.filter((r) => r.status === 401).length;
    expect(unauthorized).to.be.at.most(5);
    expect(burst.filter((r) => r.status === 429)).to.have.length(40 - unauthorized);
    expect((await brief.http.get('/cases')).status).to.equal(429);

    await eventually(async () => expect((await brief.http.get('/cases')).status).to.equal(200), 10_000, 250);
    expect((await brief.as(wrongKey(99)).get('/cases')).status).to.equal(401);
  });
});
