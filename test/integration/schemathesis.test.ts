/**
 * The API contract, checked by Schemathesis (a tool no one here wrote) with all its checks and at
 * least 20 generated examples per operation, against the running app with an admin key; then its
 * stateful phase, which opens cases and follows the document's links through the operations on
 * them. Its only exclusions are those in schemathesis.toml, each for one operation and one check,
 * with its reason; its hooks (fuzz/schemathesis_hooks.py) give every request a key of its own.
 */
import fs from 'node:fs';
import { expect } from 'chai';
import { OPERATIONS } from '../../api/openapi/operations';
import { openApiPath } from '../../api/openapi/document';
import { runSchemathesis, SCHEMATHESIS_CONFIG } from '../../fuzz/schemathesis';
import { quickCase } from '../fixtures/definitions';
import { startSystem, type TestSystem } from '../helpers/system';
import { intake } from '../helpers/cases';

describe('schemathesis: the API answers as its OpenAPI document says', () => {
  let sys: TestSystem;
  before(async () => {
    sys = await startSystem({ definitions: [quickCase] });
  });
  after(async () => sys?.stop());

  it('finds nothing outside its committed configuration, with 20 examples per operation', async function () {
    this.timeout(600_000);
    const result = await runSchemathesis({ url: sys.url, adminKey: sys.admin.key, maxExamples: 20, seed: 2326, phases: ['examples', 'coverage', 'fuzzing'] });
    const failed = result.operations.filter((o) => o.failure);
    expect(failed, result.output.slice(-20_000)).to.deep.equal([]);
    expect(result.exitCode, result.output.slice(-20_000)).to.equal(0);
    expect(result.output).to.match(/Tested: \d+/);
    const tested = Number(/Tested: (\d+)/.exec(result.output)?.[1]);
    // Every operation but the document's own (GET /openapi.json), which schemathesis leaves out.
    expect(tested).to.equal(OPERATIONS.length - 1);
  });

  it('its configuration names operations that exist, one check each, each with a reason', () => {
    const toml = fs.readFileSync(SCHEMATHESIS_CONFIG, 'utf8');
    const names = new Set(OPERATIONS.map((o) => `${o.method} ${openApiPath(o.path)}`));
    const blocks = toml.split('[[operations]]').slice(1);
    expect(blocks.length).to.be.greaterThan(0);
    const seen = new Set<string>();
    const before = toml.split('[[operations]]');
    blocks.forEach((block, i) => {
      const name = /include-name = "([^"]+)"/.exec(block)?.[1] ?? '';
      expect(names.has(name), `${name} is not an operation of the document`).to.equal(true);
      const checks = [...block.matchAll(/^checks\.([a-z_]+)\./gm)].map((m) => m[1]);
      expect(checks, name).to.have.length(1);
      const key = `${name} ${checks[0]}`;
      expect(seen.has(key), `${key} twice`).to.equal(false);
      seen.add(key);
      const reason = before[i].trimEnd().split('\n').pop() ?? '';
      expect(reason, `${key} has no reason`).to.match(new RegExp(`^# ${checks[0]}: .{30,}`));
    });
  });
});

describe('schemathesis: its stateful phase, through real cases', () => {
  // A system of its own: the other runs leave users, keys and definitions the chains would meet.
  let fresh: TestSystem;
  before(async () => {
    fresh = await startSystem({ definitions: [quickCase] });
  });
  after(async () => fresh?.stop());

  it('finds nothing outside its configuration in the stateful phase, following the links from opened cases', async function () {
    this.timeout(600_000);
    const openCase = { definition: quickCase.key, title: 'Opened by schemathesis', intake };
    const result = await runSchemathesis({ url: fresh.url, adminKey: fresh.admin.key, maxExamples: 40, seed: 2326, phases: ['stateful'], openCase });
    const failed = result.operations.filter((o) => o.failure);
    expect(failed, result.output.slice(-20_000)).to.deep.equal([]);
    expect(result.exitCode, result.output.slice(-20_000)).to.equal(0);
    const links = /API Links:\s+(\d+) covered \/ (\d+) selected/.exec(result.output);
    expect(links, result.output.slice(-5_000)).to.not.equal(null);
    // Chains went through real cases: links from an opened case were followed.
    expect(Number(links![1]), result.output.slice(-5_000)).to.be.greaterThan(0);
    expect((await fresh.http.get('/cases?limit=1')).body.items).to.have.length(1);
  });
});
