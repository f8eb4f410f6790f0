/** The permission table's path matching, and the security settings read from the environment. */
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { findPermission, grantingRoles } from '../../api/auth/permissions';
import { plainTextProblem } from '../../api/schemas/text';
import { ConfigError, loadConfig } from '../../runtime/config';
import { estimatedKeyBits, MIN_KEY_BITS } from '../../runtime/key-strength';

describe('permissions: matching a request to its rule', () => {
  it('matches as Express routes: any letter case, an optional trailing slash, HEAD as GET', () => {
    for (const [method, path] of [['GET', '/cases/hr-grievance-000001'], ['GET', '/CASES/hr-grievance-000001/'], ['HEAD', '/cases/hr-grievance-000001']]) {
      const match = findPermission(method, path);
      expect(match?.permission.path, `${method} ${path}`).to.equal('/cases/:id');
      expect(match?.params.id.toLowerCase()).to.equal('hr-grievance-000001');
    }
  });

  it('takes the most specific rule and decodes the ids it reads', () => {
    expect(findPermission('POST', '/cases/a-000001/tasks/t3/complete')).to.deep.include({ params: { id: 'a-000001', taskId: 't3' } });
    expect(findPermission('GET', '/cases/a-000001/report')?.permission.access).to.deep.equal(['viewer', 'case_manager', 'supervisor']);
    expect(findPermission('GET', '/cases/a-000001/documents/d1')?.permission.path).to.equal('/cases/:id/*');
    expect(findPermission('GET', '/cases/a%2D000001')?.params.id).to.equal('a-000001');
    expect(findPermission('GET', '/cases/%ZZ')?.params).to.deep.equal({});
  });

  it('has no rule for an unlisted route, which leaves it to admins', () => {
    expect(findPermission('DELETE', '/cases/a-000001')).to.equal(undefined);
    expect(findPermission('GET', '/cases-export')).to.equal(undefined);
    expect(findPermission('POST', '//cases')).to.equal(undefined);
  });

  it('lets admin in everywhere and a role in where the rule names it', () => {
    expect(grantingRoles([], ['admin'])).to.deep.equal(['admin']);
    expect(grantingRoles(['supervisor'], ['viewer', 'supervisor'])).to.deep.equal(['supervisor']);
    expect(grantingRoles(['supervisor'], ['viewer'])).to.deep.equal([]);
  });
});

describe('schemas/text: what counts as plain text', () => {
  it('takes prose, including quotes, semicolons and comparisons', () => {
    for (const text of ["O'Brien; rent due", 'score < 3 and > 1', 'I <3 this', 'a {single} brace', 'line one\nline two\ttabbed']) {
      expect(plainTextProblem(text), text).to.equal(undefined);
    }
  });

  it('refuses control characters, markup and template markers', () => {
    for (const text of ['a\u0000b', 'a\u001bb', 'x\u202Ey', '<b>bold</b>', '< script>', '<!-- c -->', '{{x}}', '${x}', '<%= x %>']) {
      expect(plainTextProblem(text), JSON.stringify(text)).to.be.a('string');
    }
  });
});

describe('config: security settings', () => {
  const randomKey = randomBytes(32).toString('base64');

  it('reads CORS origins, the rate limits and the first admin key', () => {
    const config = loadConfig({ CORS_ORIGINS: 'https://a.example.org, https://b.example.org', RATE_LIMIT_PER_MINUTE: '30', AUTH_FAILURE_LIMIT: '5', AUTH_FAILURE_WINDOW_SECONDS: '60', ADMIN_API_KEY: randomKey });
    expect(config.security).to.deep.equal({ corsOrigins: ['https://a.example.org', 'https://b.example.org'], rateLimitPerMinute: 30, authFailureLimit: 5, authFailureWindowSeconds: 60, adminApiKey: randomKey });
    expect(loadConfig({}).security).to.deep.equal({ corsOrigins: [], rateLimitPerMinute: 600, authFailureLimit: 20, authFailureWindowSeconds: 900, adminApiKey: undefined });
  });

  it('refuses a short admin key and limits below one', () => {
    expect(() => loadConfig({ ADMIN_API_KEY: 'short' })).to.throw(/ADMIN_API_KEY/);
    expect(() => loadConfig({ RATE_LIMIT_PER_MINUTE: '0' })).to.throw(/RATE_LIMIT_PER_MINUTE/);
    expect(() => loadConfig({ AUTH_FAILURE_LIMIT: '0' })).to.throw(/AUTH_FAILURE_LIMIT/);
  });

  it('refuses a long admin key that is not random, saying how to make one', () => {
    for (const key of ['k'.repeat(40), 'abcdefghijklmnopqrstuvwxyz0123456789', 'passwordpasswordpasswordpassword', 'Summer2024!Summer2024!Summer2024!', `cw_${'a'.repeat(43)}`, '0123456789abcdef0123456789abcdef']) {
      expect(() => loadConfig({ ADMIN_API_KEY: key }), key).to.throw(ConfigError, /ADMIN_API_KEY: looks too predictable .*openssl rand -base64 32/);
    }
  });

  it('takes keys of 32 random bytes as base64, base64url or hex, whatever the draw', () => {
    for (let i = 0; i < 500; i++) {
      const bytes = randomBytes(32);
      for (const key of [bytes.toString('base64'), `cw_${bytes.toString('base64url')}`, bytes.toString('hex')]) {
        expect(estimatedKeyBits(key), key).to.be.at.least(MIN_KEY_BITS);
      }
    }
    expect(loadConfig({ ADMIN_API_KEY: randomKey }).security.adminApiKey).to.equal(randomKey);
  });
});
