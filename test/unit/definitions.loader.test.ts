import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import {
  canonicalHash,
  canonicalJson,
  checkDefinitionFile,
  definitionFiles,
  DefinitionFilesError,
  DEFINITIONS_DIR,
  loadDefinitionFiles,
} from '../../definitions/loader';

const SHIPPED = ['clinical-intensive', 'fraud-investigation', 'hr-grievance', 'incident-resolution', 'insurance-claim'];
const ROOT = path.resolve(__dirname, '..', '..');

describe('definitions/loader', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'definitions-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const shipped = (key: string) => readFileSync(path.join(DEFINITIONS_DIR, `${key}.yaml`), 'utf8');

  it('loads every shipped definition, named after its key', () => {
    const loaded = loadDefinitionFiles();
    expect(loaded.map((l) => path.basename(l.file))).to.deep.equal(SHIPPED.map((k) => `${k}.yaml`));
    expect(loaded.map((l) => l.definition.key)).to.deep.equal(SHIPPED);
  });

  it('lists only YAML files', () => {
    writeFileSync(path.join(dir, 'b.yml'), '');
    writeFileSync(path.join(dir, 'a.yaml'), '');
    writeFileSync(path.join(dir, 'schema.json'), '{}');
    expect(definitionFiles(dir).map((f) => path.basename(f))).to.deep.equal(['a.yaml', 'b.yml']);
  });

  it('requires the key to equal the file name', () => {
    const file = path.join(dir, 'grievances.yaml');
    writeFileSync(file, shipped('hr-grievance'));
    expect(checkDefinitionFile(file)).to.deep.equal({
      ok: false,
      errors: [{ path: 'key', message: "must equal the file name without extension ('grievances')" }],
    });
  });

  it('throws one error listing every problem of every file', () => {
    writeFileSync(path.join(dir, 'hr-grievance.yaml'), shipped('hr-grievance').replace('model: brokerage', 'model: broker'));
    writeFileSync(path.join(dir, 'broken.yaml'), 'key: [unclosed\n');
    writeFileSync(path.join(dir, 'insurance-claim.yaml'), shipped('insurance-claim'));
    let error: unknown;
    try {
      loadDefinitionFiles(dir);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(DefinitionFilesError);
    const problems = (error as DefinitionFilesError).problems;
    expect(problems.map((i) => [path.basename(i.file), i.path])).to.deep.equal([
      ['broken.yaml', '(document)'],
      ['hr-grievance.yaml', 'model'],
    ]);
    expect(problems[1].message).to.equal("must be one of brokerage, intensive, clinical, strengths-based (did you mean 'brokerage'?)");
    expect((error as Error).message).to.include('hr-grievance.yaml: model: must be one of');
  });

  describe('canonical form', () => {
    it('sorts keys at every level, keeps array order and leaves out undefined', () => {
      expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: undefined }], c: 'x' }, u: undefined })).to.equal(
        '{"a":{"c":"x","d":[3,{"z":1}]},"b":1}',
      );
      expect(canonicalJson([undefined, null, 'é'])).to.equal('[null,null,"é"]');
      expect(canonicalJson({ '10': 1, '9': 2, a: 3 })).to.equal('{"10":1,"9":2,"a":3}');
    });

    it('hashes equal content equally, whatever the key order or the source format', () => {
      const [{ definition }] = loadDefinitionFiles().filter((l) => l.definition.key === 'hr-grievance');
      const reverse = (v: unknown): unknown =>
        Array.isArray(v) ? v.map(reverse) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverse(x)])) : v;
      const reordered = reverse(definition) as typeof definition;
      expect(JSON.stringify(reordered)).not.to.equal(JSON.stringify(definition));
      const hash = canonicalHash(definition);
      expect(hash).to.match(/^[0-9a-f]{64}$/);
      expect(canonicalHash(reordered)).to.equal(hash);
      expect(canonicalHash({ ...definition, name: 'HR grievance (v2)' })).not.to.equal(hash);
      const file = path.join(dir, 'hr-grievance.yaml');
      writeFileSync(file, YAML.stringify(JSON.parse(JSON.stringify(definition))));
      const again = checkDefinitionFile(file);
      expect(again.ok && canonicalHash(again.definition)).to.equal(hash);
    });
  });

  describe('check-definitions command', () => {
    const run = (...files: string[]) =>
      spawnSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/check-definitions.ts', ...files], { cwd: ROOT, encoding: 'utf8' });

    it('checks every shipped file by default, calendars first', function () {
      this.timeout(30_000);
      const result = run();
      expect(result.stdout.trim().split('\n')).to.deep.equal(['ok definitions/calendars/uk-england.yaml (uk-england)', ...SHIPPED.map((k) => `ok definitions/${k}.yaml (${k})`)]);
      expect(result.status).to.equal(0);
    });

    it('prints each problem as file: path: message and exits with 1', function () {
      this.timeout(30_000);
      const bad = path.join(dir, 'insurance-claim.yaml');
      writeFileSync(bad, shipped('insurance-claim').replace('when: score >= 3', 'when: scroe >= 3'));
      const result = run(bad, 'definitions/hr-grievance.yaml');
      expect(result.stdout.trim().split('\n')).to.deep.equal([
        `${bad}: risk.levels[1].when: unknown field 'scroe' (did you mean 'score'?)`,
        'ok definitions/hr-grievance.yaml (hr-grievance)',
      ]);
      expect(result.status).to.equal(1);
    });
  });
});
