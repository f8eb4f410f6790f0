/** Secrets read from files (`<NAME>_FILE`), as container platforms mount them, and the new settings' checks. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../runtime/config';

describe('configuration: secrets from files and the operations settings', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-config-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  };

  it('reads DATABASE_URL, ADMIN_API_KEY, TEMPORAL_API_KEY, SMTP_URL and ADMIN_PASSWORD from their _FILE, without the final line break', () => {
    const key = 'Zr8mQ2vX9kLp4TtW7yN1bC5dF3gH6jK0sA2eR8uI4oP';
    const config = loadConfig({
      DATABASE_URL_FILE: file('db', 'postgres://casework:s3cret@db/casework\n'),
      ADMIN_API_KEY_FILE: file('admin', `${key}\n`),
      TEMPORAL_API_KEY_FILE: file('temporal', 'tk-123'),
      SMTP_URL_FILE: file('smtp', 'smtps://u:p@mail.example.org:465\r\n'),
      ADMIN_EMAIL: 'admin@example.org',
      ADMIN_PASSWORD_FILE: file('password', 'a long password here\n'),
    });
    expect(config.databaseUrl).to.equal('postgres://casework:s3cret@db/casework');
    expect(config.security.adminApiKey).to.equal(key);
    expect(config.temporal.apiKey).to.equal('tk-123');
    expect(config.smtp.url).to.equal('smtps://u:p@mail.example.org:465');
    expect(config.console.adminPassword).to.equal('a long password here');
  });

  it('checks a value from a file as it checks one given directly', () => {
    expect(() => loadConfig({ SMTP_URL_FILE: file('bad-smtp', 'http://mail\n') })).to.throw(ConfigError, /SMTP_URL: must start with smtp:\/\//);
  });

  it('refuses a file it cannot read, and a variable set both ways, naming the variable', () => {
    expect(() => loadConfig({ DATABASE_URL_FILE: path.join(dir, 'missing') })).to.throw(ConfigError, /DATABASE_URL_FILE: cannot read .*missing \(ENOENT\)/);
    expect(() => loadConfig({ TEMPORAL_API_KEY: 'a', TEMPORAL_API_KEY_FILE: file('t2', 'b') })).to.throw(ConfigError, /TEMPORAL_API_KEY_FILE: set along with TEMPORAL_API_KEY/);
  });

  it('reads TRUST_PROXY, the metrics switches and the OTLP endpoint, and refuses bad ones', () => {
    const config = loadConfig({ TRUST_PROXY: '2', METRICS_ENABLED: 'false', METRICS_PORT: '9464', METRICS_HOST: '10.0.0.5', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel:4318' });
    expect(config.trustProxy).to.equal(2);
    expect(config.metrics).to.deep.equal({ enabled: false, port: 9464, host: '10.0.0.5' });
    expect(config.tracing.endpoint).to.equal('http://otel:4318');
    expect(loadConfig({}).trustProxy).to.equal(0);
    expect(loadConfig({}).tracing.endpoint).to.equal(undefined);
    expect(() => loadConfig({ TRUST_PROXY: 'yes' })).to.throw(ConfigError, /TRUST_PROXY/);
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'otel:4318' })).to.throw(ConfigError, /OTEL_EXPORTER_OTLP_ENDPOINT/);
  });
});
