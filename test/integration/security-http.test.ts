/** The HTTP hardening: security headers, CORS for configured origins only, and the per-key rate limit. */
import { expect } from 'chai';
import { quickCase } from '../fixtures/definitions';
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
