/**
 * Content a designer supplies cannot stall the system: a pattern that backtracks, an expression
 * without a bound on its cost, a definition made to be slow to check, a YAML alias bomb. Each is
 * refused (or, stored before the bounds, fails on its own) with a clear answer, while the API keeps
 * answering other requests: the API, the worker and the test share one process.
 */
import { expect } from 'chai';
import YAML from 'yaml';
import { LIMITS } from '../../common/definition-limits';
import type { DefinitionInput } from '../../common/definition-schema';
import { intake, lowRisk, ok } from '../helpers/cases';
import { askingHealthMeanwhile } from '../helpers/responsive';
import { publishDefinition, startSystem, type TestSystem } from '../helpers/system';
import { quickCase } from '../fixtures/definitions';
import { HEAVY_DEFINITIONS, heavyYaml } from '../fixtures/heavy-definitions';

const fields = (res: { body: { errors: { field: string }[] } }) => res.body.errors.map((e) => e.field);
const messages = (res: { body: { errors: { message: string }[] } }) => res.body.errors.map((e) => e.message);

/** A value that takes JavaScript's backtracking RegExp minutes against `^(a+)+$`. */
const EVIL = `${'a'.repeat(34)}!`;
/**
 * The longest the API may go without answering while designer content is handled. What the bounds
 * prevent is a stall of minutes (the pattern above, the expressions below unbounded), so the bar
 * sits far above what a busy machine adds; how fast a check is belongs to `npm run bench` (part 6).
 */
const STALL_MS = 5000;
const hundred = `[${Array.from({ length: 100 }, (_, i) => i).join(', ')}]`;
/** Four nested `.all()` over a list of 100: a hundred million steps. */
const FOUR_NESTED = `cel.bind(l, ${hundred}, l.all(a, l.all(b, l.all(c, l.all(d, a + b + c + d >= 0)))))`;

const withKey = (key: string, change: (d: DefinitionInput) => void = () => undefined): DefinitionInput => {
  const d = structuredClone({ ...quickCase, key });
  change(d);
  return d;
};

describe('designer-supplied content cannot stall the system', () => {
  let sys: TestSystem;
  before(async () => {
    sys = await startSystem();
  });
  after(async () => sys?.stop());

  it('a pattern that backtracks: intake and assessment values are refused at once, naming the field, while the API answers', async () => {
    const definition = withKey('pattern-case', (d) => {
      d.forms.intake.push({ name: 'code', type: 'string', pattern: '^(a+)+$' });
      d.forms.assessment.push({ name: 'reference', type: 'string', pattern: '^(a+)+$' });
    });
    expect((await sys.http.put('/definitions/pattern-case', definition)).status).to.equal(201);

    const opening = await askingHealthMeanwhile(sys.url, () =>
      sys.http.post('/cases', { definition: 'pattern-case', title: 'Backtracking', intake: { ...intake, code: EVIL } }),
    );
    expect(opening.result.status).to.equal(422);
    expect(fields(opening.result)).to.deep.equal(['intake.code']);
    expect(messages(opening.result)).to.deep.equal(['does not have the expected format: ^(a+)+$']);
    expect(opening.longestWaitMs).to.be.below(STALL_MS);

    // The assessment form is checked by the case's workflow, in the update's validator.
    const { id } = await ok(sys, '/cases', { definition: 'pattern-case', title: 'Backtracking', intake: { ...intake, code: 'aaa' } });
    await ok(sys, `/cases/${id}/screening`, { decision: 'accept', reason: 'In scope' });
    const started = performance.now();
    const assessing = await askingHealthMeanwhile(sys.url, () => sys.http.post(`/cases/${id}/assessment`, { data: { ...lowRisk, reference: EVIL } }));
    expect(performance.now() - started).to.be.below(STALL_MS);
    expect(assessing.result.status).to.equal(422);
    expect(fields(assessing.result)).to.deep.equal(['data.reference']);
    expect(assessing.longestWaitMs).to.be.below(STALL_MS);
    expect((await sys.http.post(`/cases/${id}/assessment`, { data: { ...lowRisk, reference: 'aaaa' } })).status).to.equal(200);
  });

  it('patterns that fold case and name Unicode classes are checked in the case\'s workflow as in the API, case after case', async () => {
    // re2js is shared by every case of a worker thread, and builds its Unicode tables on first use.
    const definition = withKey('unicode-case', (d) => {
      d.forms.assessment.push({ name: 'name', type: 'string', pattern: '^(?i)[\\p{L} ]+ grc$' });
      d.forms.assessment.push({ name: 'label', type: 'string', pattern: '^[[:print:]]+$' });
    });
    expect((await sys.http.put('/definitions/unicode-case', definition)).status).to.equal(201);
    for (const title of ['First', 'Second']) {
      const { id } = await ok(sys, '/cases', { definition: 'unicode-case', title, intake });
      await ok(sys, `/cases/${id}/screening`, { decision: 'accept', reason: 'In scope' });
      const refused = await sys.http.post(`/cases/${id}/assessment`, { data: { ...lowRisk, name: 'Ζωή 7 GRC', label: 'tab\there' } });
      expect(refused.status).to.equal(422);
      expect(fields(refused)).to.deep.equal(['data.name', 'data.label']);
      expect((await sys.http.post(`/cases/${id}/assessment`, { data: { ...lowRisk, name: 'Ζωή Straße GRC', label: 'plain text' } })).status).to.equal(200);
    }
  });

  it('a pattern the linear-time engine cannot read is refused at publishing, naming the field', async () => {
    const res = await sys.http.put('/definitions/lookahead-case', withKey('lookahead-case', (d) => (d.forms.intake[1].pattern = '^(?=.*@).+$')));
    expect(res.status).to.equal(422);
    expect(res.body.errors).to.deep.equal([
      { field: 'forms.intake[1].pattern', message: 'is not a valid regular expression (RE2 syntax): invalid or unsupported Perl syntax: `(?=`' },
    ]);
    expect((await sys.http.get('/definitions/lookahead-case')).status).to.equal(404);
  });

  it('an expression beyond the budget is refused at publishing, naming the rule, while the API answers', async () => {
    const costly = withKey('costly-case', (d) => (d.screening!.rules = [{ when: FOUR_NESTED, decision: 'reject', reason: 'Costly' }]));
    for (const [path, send] of [
      ['/definitions/costly-case', () => sys.http.put('/definitions/costly-case', costly)],
      ['/definitions/validate', () => sys.http.post('/definitions/validate', costly)],
    ] as const) {
      const { result, longestWaitMs } = await askingHealthMeanwhile(sys.url, send);
      expect(result.status, path).to.equal(422);
      expect(fields(result)).to.deep.equal(['screening.rules[0].when']);
      expect(messages(result)[0]).to.match(/^comprehensions \(all, exists, exists_one, map, filter\) nest 4 deep; at most 2 may be inside one another; may take up to \d+ steps/);
      expect(longestWaitMs).to.be.below(STALL_MS);
    }
    expect((await sys.http.get('/definitions/costly-case')).status).to.equal(404);
  });

  it('a costly rule stored before the budget: the case opens at once, the rule counts as failing, and the trail says why', async () => {
    await publishDefinition(sys.db, withKey('stored-costly-case', (d) => (d.screening!.rules = [{ when: FOUR_NESTED, decision: 'reject', reason: 'Costly' }])));
    const started = performance.now();
    const opening = await askingHealthMeanwhile(sys.url, () => sys.http.post('/cases', { definition: 'stored-costly-case', title: 'Costly rule', intake }));
    expect(opening.result.status, JSON.stringify(opening.result.body)).to.equal(201);
    expect(performance.now() - started).to.be.below(STALL_MS);
    expect(opening.result.body.phase).to.equal('screening');
    expect(opening.longestWaitMs).to.be.below(STALL_MS);

    // No rule decided, so a person does; the decision records why the rule could not.
    const { id } = opening.result.body;
    await ok(sys, `/cases/${id}/screening`, { decision: 'accept', reason: 'Decided by hand' });
    const trail = (await sys.http.get(`/cases/${id}/events`)).body.items;
    const decided = trail.find((e: { type: string }) => e.type === 'screening_decided');
    expect(decided.data.problems).to.deep.equal(['Screening rule 1 (Costly) could not be evaluated: stopped after 100000 steps, the most one expression may take']);
  });

  it('a definition made to be slow to check, as large as a request may carry, is refused while the API answers', async () => {
    for (const [name, make] of Object.entries(HEAVY_DEFINITIONS)) {
      const { result, longestWaitMs } = await askingHealthMeanwhile(sys.url, () => sys.http.post('/definitions/validate', make()));
      expect(result.status, name).to.equal(422);
      expect(result.body.errors.length, name).to.be.above(0);
      expect(longestWaitMs, name).to.be.below(STALL_MS);
    }
    for (const [name, text] of Object.entries(heavyYaml(LIMITS.yamlLength))) {
      const { result, longestWaitMs } = await askingHealthMeanwhile(sys.url, () => sys.http.post('/definitions/validate', text));
      expect(result.status, name).to.equal(422);
      expect(longestWaitMs, name).to.be.below(STALL_MS);
    }
    const names = await sys.http.post('/definitions/validate', HEAVY_DEFINITIONS['unknown names']());
    expect(fields(names)).to.include.members(['screening.rules', 'screening.rules[0].when', 'risk.factors[0].points']);
  });

  it('a YAML alias bomb is refused with 422 at (document), and YAML longer than allowed too', async () => {
    const lines = ['key: bomb-case', 'a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const [name, previous] = [String.fromCharCode(97 + i), String.fromCharCode(96 + i)];
      lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    const bomb = await sys.http.put('/definitions/bomb-case', `${lines.join('\n')}\n`);
    expect(bomb.status).to.equal(422);
    expect(bomb.body.errors).to.deep.equal([
      { field: '(document)', message: "the YAML document's aliases (*name) would repeat too much of it; use fewer, at most 100 uses in all" },
    ]);

    const long = await sys.http.put('/definitions/long-case', YAML.stringify({ ...withKey('long-case'), description: 'x'.repeat(LIMITS.yamlLength) }));
    expect(long.status).to.equal(422);
    expect(fields(long)).to.deep.equal(['(document)']);
    expect(messages(long)[0]).to.match(/^a YAML definition may have at most 65536 characters, and this one has \d+; send a larger one as JSON$/);
  });
});
