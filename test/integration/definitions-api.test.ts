/** The designers' API over HTTP: publishing definitions as YAML or JSON, reading versions, comparing them. */
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { DEFINITIONS_DIR, definitionFiles } from '../../definitions/loader';
import { publishDefinitionFiles } from '../../store/publish-definition-files';
import type { DefinitionInput } from '../../common/definition-schema';
import { openDb } from '../../store/db';
import { listDefinitionVersions, listLatestDefinitions } from '../../store/definitions';
import { lowRisk, ok, toAssessment } from '../helpers/cases';
import { startSystem, type TestSystem } from '../helpers/system';
import { quickCase } from '../fixtures/definitions';

const withKey = (key: string, d: DefinitionInput = quickCase): DefinitionInput => ({ ...d, key });
const reversed = (d: object) => Object.fromEntries(Object.entries(d).reverse());
const fields = (res: { body: { errors: { field: string }[] } }) => res.body.errors.map((e) => e.field);

describe('definitions API: publishing, reading and comparing versions', () => {
  let sys: TestSystem;
  before(async () => {
    sys = await startSystem();
  });
  after(async () => sys?.stop());

  it('publishes YAML and JSON as version 1, and answers an identical save with 200 and no new version', async () => {
    const fromYaml = await sys.http.put('/definitions/yaml-case', YAML.stringify(withKey('yaml-case')));
    expect(fromYaml.status, JSON.stringify(fromYaml.body)).to.equal(201);
    expect(fromYaml.headers.get('location')).to.equal('/definitions/yaml-case/versions/1');
    expect(fromYaml.body).to.deep.include({ key: 'yaml-case', name: 'Quick case', model: 'brokerage', version: 1, createdBy: 'admin' });
    expect(fromYaml.body.definition.forms.intake[1]).to.deep.equal({ name: 'client_email', type: 'string', required: false });

    const fromJson = await sys.http.put('/definitions/json-case', withKey('json-case'));
    expect(fromJson.status).to.equal(201);
    expect(fromJson.body.version).to.equal(1);

    // The same content as JSON, its keys in another order: the same version.
    const same = await sys.http.put('/definitions/yaml-case', reversed(withKey('yaml-case')));
    expect(same.status).to.equal(200);
    expect(same.body).to.deep.include({ version: 1, hash: fromYaml.body.hash });
    expect((await sys.http.get('/definitions/yaml-case/versions')).body.items).to.have.length(1);
  });

  it('saves a change as version 2; lists, reads and compares the versions', async () => {
    await sys.http.put('/definitions/diff-case', withKey('diff-case'));
    const changed = withKey('diff-case', {
      ...quickCase,
      follow_up: { ...quickCase.follow_up, cadence: { low: 'PT30S', moderate: 'PT20S', high: 'PT5S' } },
      forms: { ...quickCase.forms, intake: [...quickCase.forms.intake, { name: 'referrer', type: 'string' }] },
    });
    const v2 = await sys.http.put('/definitions/diff-case', YAML.stringify(changed));
    expect(v2.status).to.equal(201);
    expect(v2.body.version).to.equal(2);

    const list = (await sys.http.get('/definitions')).body.items;
    const row = list.find((d: { key: string }) => d.key === 'diff-case');
    expect(row).to.include({ name: 'Quick case', description: quickCase.description, model: 'brokerage', version: 2, createdBy: 'admin', ownerTeam: 'team-a' });
    expect(row).to.have.all.keys('key', 'ownerTeam', 'name', 'description', 'model', 'version', 'hash', 'createdAt', 'createdBy');

    const latest = (await sys.http.get('/definitions/diff-case')).body;
    expect(latest.version).to.equal(2);
    expect(latest.definition.follow_up.cadence.high).to.equal('PT5S');
    const versions = (await sys.http.get('/definitions/diff-case/versions')).body.items;
    expect(versions.map((v: { version: number }) => v.version)).to.deep.equal([1, 2]);
    const first = (await sys.http.get('/definitions/diff-case/versions/1')).body;
    expect(first).to.deep.include({ version: 1, hash: versions[0].hash });
    expect(first.definition.follow_up.cadence.high).to.equal('PT10S');

    const diff = await sys.http.get('/definitions/diff-case/diff?from=1&to=2');
    expect(diff.status).to.equal(200);
    expect(diff.body).to.deep.equal({
      key: 'diff-case',
      from: 1,
      to: 2,
      changes: [
        { path: 'forms.intake[4]', change: 'added', to: { name: 'referrer', type: 'string', required: false } },
        { path: 'follow_up.cadence.high', change: 'changed', from: 'PT10S', to: 'PT5S' },
      ],
    });
    expect((await sys.http.get('/definitions/diff-case/diff?from=2&to=2')).body.changes).to.deep.equal([]);
  });

  it('refuses an invalid definition with 422 listing every problem, and saves nothing', async () => {
    const syntax = await sys.http.put('/definitions/bad-case', 'key: bad-case\nname: [Bad,\nmodel: brokerage\n');
    expect(syntax.status).to.equal(422);
    expect(syntax.body).to.include({ type: '/problems/invalid-data', title: 'Invalid Data', status: 422 });
    expect(syntax.body.errors).to.have.length(1);
    expect(syntax.body.errors[0].field).to.equal('(document)');
    expect(syntax.body.errors[0].message).to.match(/^YAML syntax error at line 3, column 1/);

    const broken = {
      ...withKey('other-case'),
      model: 'brokrage',
      risk: { ...quickCase.risk, levels: [{ level: 'high', when: 'score >= 6' }, { level: 'moderate', when: 'scor >= 3' }, { level: 'low', when: 'true' }] },
    };
    for (const body of [broken, YAML.stringify(broken)]) {
      const res = await sys.http.put('/definitions/bad-case', body);
      expect(res.status).to.equal(422);
      expect(res.body.detail).to.equal('the definition has 3 problems');
      expect(fields(res)).to.have.members(['model', 'risk.levels[1].when', 'key']);
      const byField = Object.fromEntries(res.body.errors.map((e: { field: string; message: string }) => [e.field, e.message]));
      expect(byField.model).to.contain("did you mean 'brokerage'?");
      expect(byField['risk.levels[1].when']).to.contain("unknown field 'scor' (did you mean 'score'?)");
      expect(byField.key).to.equal("must equal the key in the path ('bad-case'), not 'other-case'");
    }

    const mismatch = await sys.http.put('/definitions/bad-case', withKey('other-case'));
    expect(mismatch.status).to.equal(422);
    expect(mismatch.body.errors).to.deep.equal([{ field: 'key', message: "must equal the key in the path ('bad-case'), not 'other-case'" }]);

    expect((await sys.http.get('/definitions/bad-case')).status).to.equal(404);
    expect((await sys.http.get('/definitions/other-case')).status).to.equal(404);
  });

  it('answers 415 to a body that is neither JSON nor YAML', async () => {
    const res = await sys.http.put('/definitions/text-case', YAML.stringify(withKey('text-case')), { 'content-type': 'text/plain' });
    expect(res.status).to.equal(415);
    expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(res.body).to.include({ title: 'Unsupported Media Type', status: 415 });
    expect((await sys.http.post('/definitions/validate', 'key: x', { 'content-type': 'text/csv' })).status).to.equal(415);
    expect((await sys.http.get('/definitions/text-case')).status).to.equal(404);
  });

  it('checks a definition without saving it: the valid one with its defaults, the invalid one with its problems', async () => {
    const { description: _description, ...input } = withKey('dry-case');
    for (const body of [input, YAML.stringify(input)]) {
      const res = await sys.http.post('/definitions/validate', body);
      expect(res.status).to.equal(200);
      expect(res.body.valid).to.equal(true);
      expect(res.body.definition).to.deep.include({ key: 'dry-case', description: '' });
      expect(res.body.definition.follow_up.escalate_to).to.equal('supervisor');
    }
    const bad = await sys.http.post('/definitions/validate', { ...input, screening: { rules: [{ when: 'eligble', decision: 'reject', reason: 'x' }] } });
    expect(bad.status).to.equal(422);
    expect(bad.body.errors).to.have.length(1);
    expect(bad.body.errors[0]).to.include({ field: 'screening.rules[0].when' });
    expect(bad.body.errors[0].message).to.contain("did you mean 'eligible'?");
    expect((await sys.http.get('/definitions/dry-case')).status).to.equal(404);
    expect((await sys.http.get('/definitions')).body.items.map((d: { key: string }) => d.key)).not.to.include('dry-case');
  });

  it('answers 404 for an unknown definition or version, and 422 for a key or version that cannot be one', async () => {
    await sys.http.put('/definitions/known-case', withKey('known-case'));
    for (const p of ['/definitions/nobody', '/definitions/nobody/versions', '/definitions/known-case/versions/7', '/definitions/known-case/diff?from=1&to=7']) {
      const res = await sys.http.get(p);
      expect(res.status, p).to.equal(404);
      expect(res.body.title).to.equal('Not Found');
    }
    const badVersion = await sys.http.get('/definitions/known-case/versions/0');
    expect(badVersion.status).to.equal(422);
    expect(fields(badVersion)).to.deep.equal(['params.version']);
    const noFrom = await sys.http.get('/definitions/known-case/diff?to=1');
    expect(noFrom.status).to.equal(422);
    expect(noFrom.body.errors).to.deep.equal([{ field: 'query.from', message: 'is required' }]);
    expect(fields(await sys.http.get('/definitions/Not_A_Key'))).to.deep.equal(['params.key']);
  });
});

describe('definitions API: a running case keeps the version it started with', () => {
  let sys: TestSystem;
  before(async () => {
    sys = await startSystem();
  });
  after(async () => sys?.stop());

  it('keeps version 1 and its rules for a running case after version 2 is published; a case opened later runs by version 2', async () => {
    const v1 = withKey('pinned-case');
    expect((await sys.http.put('/definitions/pinned-case', YAML.stringify(v1))).status).to.equal(201);
    const early = await toAssessment(sys, 'pinned-case');

    // Version 2 rates the low-risk assessment below as moderate, and plans for moderate risk differently.
    const v2 = withKey('pinned-case', {
      ...quickCase,
      risk: { ...quickCase.risk, levels: [{ level: 'high', when: 'score >= 6' }, { level: 'moderate', when: 'score >= 0' }, { level: 'low', when: 'true' }] },
      planning: { ...quickCase.planning, moderate: { goals: ['Keep the household safe'], tasks: [{ title: 'Visit at home', role: 'caseworker', due: 'P2D' }] } },
    });
    const published = await sys.http.put('/definitions/pinned-case', v2);
    expect(published.status).to.equal(201);
    expect(published.body.version).to.equal(2);

    const assessedEarly = await ok(sys, `/cases/${early}/assessment`, { data: lowRisk });
    expect(assessedEarly.definition).to.deep.equal({ key: 'pinned-case', version: 1 });
    expect(assessedEarly.risk.level).to.equal('low');
    expect(assessedEarly.proposedPlan.goals).to.deep.equal(['Stay stable']);
    const plannedEarly = await ok(sys, `/cases/${early}/plan`, {});
    expect(plannedEarly.phase).to.equal('implementation');
    expect(plannedEarly.tasks.map((t: { title: string }) => t.title)).to.deep.equal(['Check in']);

    const late = await toAssessment(sys, 'pinned-case');
    const assessedLate = await ok(sys, `/cases/${late}/assessment`, { data: lowRisk });
    expect(assessedLate.definition).to.deep.equal({ key: 'pinned-case', version: 2 });
    expect(assessedLate.risk.level).to.equal('moderate');
    expect(assessedLate.proposedPlan.goals).to.deep.equal(['Keep the household safe']);
    const plannedLate = await ok(sys, `/cases/${late}/plan`, {});
    expect(plannedLate.tasks.map((t: { title: string }) => t.title)).to.deep.equal(['Visit at home']);

    const opened = (await sys.http.get(`/cases/${early}/events`)).body.items.find((e: { type: string }) => e.type === 'case_opened');
    expect(opened.data).to.include({ definition: 'pinned-case', version: 1 });
  });
});

describe('definition files published on start', () => {
  it('publishes one version per shipped file, and none when the files are unchanged', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-files-'));
    const db = await openDb({ dataDir });
    try {
      const keys = definitionFiles().map((f) => path.basename(f, '.yaml'));
      const first = await publishDefinitionFiles(db, DEFINITIONS_DIR);
      expect(first).to.deep.equal(keys.map((key) => ({ key, version: 1, created: true })));
      const again = await publishDefinitionFiles(db, DEFINITIONS_DIR);
      expect(again).to.deep.equal(keys.map((key) => ({ key, version: 1, created: false })));
      expect((await listLatestDefinitions(db)).map((d) => d.key)).to.deep.equal(keys);
      for (const key of keys) expect(await listDefinitionVersions(db, key)).to.have.length(1);
    } finally {
      await db.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
