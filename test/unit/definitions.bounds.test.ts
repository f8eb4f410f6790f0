/**
 * What bounds designer-supplied content: patterns matched in linear time and on bounded values,
 * expressions with a work budget (judged before publishing and counted while they run), and
 * definitions checked in bounded time, YAML included.
 */
import { expect } from 'chai';
import { DefinitionSyntaxError, parseDefinitionText, validateDefinition, validateDefinitionText } from '../../definitions/validate';
import { checkExpression, formVariables, screen, stratify } from '../../definitions/expressions';
import { validateForm, type FormField } from '../../definitions/forms';
import { LIMITS } from '../../common/definition-limits';
import { definitionSchema, type DefinitionInput } from '../../common/definition-schema';
import { quickCase } from '../fixtures/definitions';
import { HEAVY_DEFINITIONS, heavyYaml } from '../fixtures/heavy-definitions';

type Mutable = any;

/**
 * How fast these checks are is measured by `npm run bench` (part 6), not here: a bound far above
 * their time only catches the blow-ups the old code had (8.5 s for a backtracking pattern on 31
 * characters, 20 s for a costly rule, 15 s to minutes for checking a large definition).
 */
const BLOWUP_MS = 5_000;

function timed<T>(work: () => T): { result: T; ms: number } {
  const started = performance.now();
  const result = work();
  return { result, ms: performance.now() - started };
}

/** quickCase changed by `change`, validated as a designer would publish it. */
function problemsOf(change: (d: Mutable) => void) {
  const d: Mutable = structuredClone(quickCase);
  change(d);
  const result = validateDefinition(d);
  return result.ok ? [] : result.errors;
}

/** quickCase changed by `change`, taken as stored without the checks of publishing (as before they existed). */
function stored(change: (d: Mutable) => void) {
  const d: Mutable = structuredClone(quickCase);
  change(d);
  return definitionSchema.parse(d as DefinitionInput);
}

const hundred = `[${Array.from({ length: 100 }, (_, i) => i).join(', ')}]`;
/** Four `.all()` nested over a list of 100: a hundred million steps. */
const fourNested = `cel.bind(l, ${hundred}, l.all(a, l.all(b, l.all(c, l.all(d, a + b + c + d >= 0)))))`;
/** Two nested over a list of 100, every element visited: within one expression's budget. */
const twoNested = `cel.bind(l, ${hundred}, l.exists(a, l.exists(b, a + b < 0)))`;

describe('definitions: what bounds designer-supplied content', () => {
  describe('patterns', () => {
    const backtracking: FormField = { name: 'code', type: 'string', pattern: '^(a+)+$' };

    it('are matched in time linear in the value, also one that backtracks in JavaScript', () => {
      const { result, ms } = timed(() => validateForm([backtracking], { code: `${'a'.repeat(30)}!` }));
      expect(result).to.deep.equal([{ field: 'code', message: 'does not have the expected format: ^(a+)+$' }]);
      expect(ms).to.be.below(BLOWUP_MS);
      expect(validateForm([backtracking], { code: 'a'.repeat(30) })).to.deep.equal([]);
    });

    it(`are checked on at most max characters, or ${LIMITS.patternValueLength} without a max`, () => {
      const long = 'a'.repeat(LIMITS.patternValueLength + 1);
      expect(validateForm([backtracking], { code: long })).to.deep.equal([
        { field: 'code', message: `must be at most ${LIMITS.patternValueLength} characters long to be checked against its format` },
      ]);
      expect(validateForm([{ ...backtracking, max: 5 }], { code: 'aaaaaa!' })).to.deep.equal([{ field: 'code', message: 'must be at most 5 characters long' }]);
      expect(validateForm([{ ...backtracking, max: 5000 }], { code: long })).to.deep.equal([]);
    });

    it('are checked within a bounded amount of work per form, whatever the stored definition says', () => {
      // Each field's check costs about a million steps of RE2's matching; a form may take two million.
      const heavy = (name: string): FormField => ({ name, type: 'text', max: 1000, pattern: '(?s).*a.{990}x$' });
      const value = 'b'.repeat(1000);
      const { result, ms } = timed(() => validateForm([heavy('one'), heavy('two'), heavy('three')], { one: value, two: value, three: value }));
      expect(result).to.deep.equal([
        { field: 'one', message: 'does not have the expected format: (?s).*a.{990}x$' },
        { field: 'two', message: 'does not have the expected format: (?s).*a.{990}x$' },
        { field: 'three', message: 'is too long to be checked against its format along with the other fields' },
      ]);
      expect(ms).to.be.below(BLOWUP_MS);
    });

    it('must be ones RE2 reads: no lookaround, no backreferences; the refusal names the field', () => {
      const lookahead = problemsOf((d) => (d.forms.intake[1].pattern = '^(?=.*@).+$'));
      expect(lookahead).to.deep.equal([
        { path: 'forms.intake[1].pattern', message: 'is not a valid regular expression (RE2 syntax): invalid or unsupported Perl syntax: `(?=`' },
      ]);
      const backreference = problemsOf((d) => (d.forms.intake[1].pattern = '^(a)\\1$'));
      expect(backreference.map((p) => p.path)).to.deep.equal(['forms.intake[1].pattern']);
      expect(problemsOf((d) => (d.forms.intake[1].pattern = '^(a+)+$'))).to.deep.equal([]);
    });

    it('with their max must fit the work one form may take', () => {
      const problems = problemsOf((d) => {
        d.forms.transition = [{ name: 'notes', type: 'text', max: 1_000_000, pattern: '^[A-Z][a-z ]+\\.$' }];
      });
      expect(problems).to.have.length(1);
      expect(problems[0].path).to.equal('forms.transition[0].pattern');
      expect(problems[0].message).to.match(/^checking values of up to 1000000 characters against this pattern \(size \d+\) is more work than this form's patterns may take together; give the field a max of at most \d+, or simpler patterns$/);
    });
  });

  describe('expressions, before they are published', () => {
    it('are refused when comprehensions nest too deep or may take too many steps, naming the rule', () => {
      const problems = problemsOf((d) => (d.screening.rules[0].when = fourNested));
      expect(problems.map((p) => p.path)).to.deep.equal(['screening.rules[0].when']);
      expect(problems[0].message).to.match(
        /^comprehensions \(all, exists, exists_one, map, filter\) nest 4 deep; at most 2 may be inside one another; may take up to \d+ steps with its lists at their largest; at most 100000 are allowed/,
      );
    });

    it('are accepted within the budget, lists written or bound counted at their length', () => {
      const variables = formVariables(quickCase.forms.intake as FormField[]);
      const result = checkExpression(twoNested, variables);
      expect(result.ok).to.equal(true);
      expect(result.ok && result.steps).to.be.within(10_000, LIMITS.expressionSteps);
      expect(checkExpression('["a", "b"].exists(x, client_name.contains(x))', variables)).to.deep.include({ ok: true });
    });

    it('are refused when the rules of one screening may take more steps together than it may', () => {
      const problems = problemsOf((d) => (d.screening.rules = [1, 2, 3].map(() => ({ when: twoNested, decision: 'accept', reason: 'r' }))));
      expect(problems.map((p) => p.path)).to.deep.equal(['screening.rules']);
      expect(problems[0].message).to.match(/^the screening rules may take up to \d+ steps together at worst; at most 200000 are allowed$/);
    });

    it('are refused when a pattern given to matches() is not one RE2 reads', () => {
      const problems = problemsOf((d) => (d.screening.rules[0].when = 'client_name.matches("(?=a)b")'));
      expect(problems).to.deep.equal([
        { path: 'screening.rules[0].when', message: 'matches(): the pattern is not a valid regular expression (RE2 syntax): invalid or unsupported Perl syntax: `(?=`' },
      ]);
    });

    it(`are refused past ${LIMITS.expressionLength} characters, and rules past their number`, () => {
      const problems = problemsOf((d) => {
        d.screening.rules[0].when = `client_name == "${'x'.repeat(LIMITS.expressionLength)}"`;
        d.risk.factors = Array.from({ length: LIMITS.riskFactors + 1 }, () => ({ when: 'true', points: 1, reason: 'r' }));
      });
      expect(problems).to.deep.include({ path: 'screening.rules[0].when', message: `may have at most ${LIMITS.expressionLength} characters` });
      expect(problems).to.deep.include({ path: 'risk.factors', message: `may have at most ${LIMITS.riskFactors} factors` });
    });
  });

  describe('expressions, while a case runs', () => {
    const intake = { client_name: 'Ada', eligible: true };

    it('stop past their budget: the rule does not hold and says why, in a moment', () => {
      const definition = stored((d) => (d.screening.rules = [{ when: fourNested, decision: 'reject', reason: 'Costly' }]));
      const problems: string[] = [];
      const { result, ms } = timed(() => screen(definition, intake, (p) => problems.push(p)));
      expect(result).to.equal(undefined);
      expect(problems).to.deep.equal(['Screening rule 1 (Costly) could not be evaluated: stopped after 100000 steps, the most one expression may take']);
      expect(ms).to.be.below(BLOWUP_MS);
    });

    it('stop past their budget even where CEL absorbs errors (|| and the elements of all())', () => {
      const absorbing = `(${fourNested}) || true`;
      const definition = stored((d) => (d.screening.rules = [{ when: absorbing, decision: 'accept', reason: 'Absorbed' }]));
      const problems: string[] = [];
      expect(screen(definition, intake, (p) => problems.push(p))).to.equal(undefined);
      expect(problems).to.deep.equal(['Screening rule 1 (Absorbed) could not be evaluated: stopped after 100000 steps, the most one expression may take']);
    });

    it('share one budget between the rules of one screening, and of one risk stratification', () => {
      const rules = [1, 2, 3].map((n) => ({ when: twoNested, decision: 'accept' as const, reason: `Rule ${n}` }));
      const problems: string[] = [];
      expect(screen(stored((d) => (d.screening.rules = rules)), intake, (p) => problems.push(p))).to.equal(undefined);
      expect(problems).to.deep.equal([
        'Screening rule 3 (Rule 3) could not be evaluated: stopped: this screening has used the 200000 steps all its expressions may take together',
      ]);
      const factors = [1, 2, 3].map((n) => ({ when: twoNested, points: 1, reason: `Factor ${n}` }));
      const risk = stratify(stored((d) => (d.risk.factors = factors)), { severity: 1 }, intake);
      expect(risk.reasons).to.include(
        'Risk factor 3 (Factor 3) could not be evaluated and was left out: stopped: this risk stratification has used the 200000 steps all its expressions may take together',
      );
    });

    it('count the texts they make: doubling a text thirty times stops instead of filling memory', () => {
      const doubled = `[client_name]${'.map(a, a + a)'.repeat(30)}[0].size() > 0`;
      const problems: string[] = [];
      screen(stored((d) => (d.screening.rules = [{ when: doubled, decision: 'accept', reason: 'Doubled' }])), intake, (p) => problems.push(p));
      expect(problems).to.deep.equal(['Screening rule 1 (Doubled) could not be evaluated: stopped after 100000 steps, the most one expression may take']);
    });

    it('match with RE2 in linear time, the cost counted against the budget', () => {
      const definition = stored((d) => (d.screening.rules = [{ when: 'client_name.matches("^(a+)+$")', decision: 'accept', reason: 'All a' }]));
      const { result, ms } = timed(() => screen(definition, { client_name: `${'a'.repeat(30)}!`, eligible: true }));
      expect(result).to.equal(undefined);
      expect(ms).to.be.below(BLOWUP_MS);
      expect(screen(definition, { client_name: 'aaa', eligible: true })?.rule).to.equal(0);
      const problems: string[] = [];
      screen(definition, { client_name: 'a'.repeat(1_000_000), eligible: true }, (p) => problems.push(p));
      expect(problems).to.deep.equal(['Screening rule 1 (All a) could not be evaluated: stopped after 100000 steps, the most one expression may take']);
    });

    it('evaluate as before without bounds, for replaying what cases did before the bounds', () => {
      const definition = stored((d) => (d.screening.rules = [{ when: 'client_name.matches("^(?=A)")', decision: 'accept', reason: 'Starts with A' }]));
      expect(screen(definition, intake, undefined, { bounded: false })?.rule).to.equal(0);
      const problems: string[] = [];
      expect(screen(definition, intake, (p) => problems.push(p))).to.equal(undefined);
      expect(problems[0]).to.match(/could not be evaluated: matches\(\): the pattern is not a valid regular expression \(RE2 syntax\)/);
    });
  });

  describe('checking a definition', () => {
    for (const [name, make] of Object.entries(HEAVY_DEFINITIONS)) {
      it(`checks the largest body a request may carry without a blow-up: ${name}`, () => {
        const text = JSON.stringify(make());
        const { result, ms } = timed(() => validateDefinitionText(text, 'json'));
        expect(result.ok).to.equal(false);
        expect(ms, `${text.length} characters`).to.be.below(BLOWUP_MS);
      });
    }

    for (const [name, text] of Object.entries(heavyYaml(LIMITS.yamlLength))) {
      it(`checks YAML as long as it may be without a blow-up: ${name}`, () => {
        const { result, ms } = timed(() => validateDefinitionText(text));
        expect(result.ok).to.equal(false);
        expect(ms).to.be.below(BLOWUP_MS);
      });
    }

    it(`refuses YAML longer than ${LIMITS.yamlLength} characters before reading it`, () => {
      const text = `key: long\ndescription: "${'x'.repeat(LIMITS.yamlLength)}"\n`;
      expect(() => parseDefinitionText(text)).to.throw(DefinitionSyntaxError, /^\(document\): a YAML definition may have at most 65536 characters/);
    });

    it('refuses a YAML alias bomb as a document error', () => {
      const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
      for (let i = 1; i < 9; i++) {
        const [name, previous] = [String.fromCharCode(97 + i), String.fromCharCode(96 + i)];
        lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
      }
      const result = validateDefinitionText(lines.join('\n'));
      expect(result).to.deep.equal({
        ok: false,
        errors: [{ path: '(document)', message: "the YAML document's aliases (*name) would repeat too much of it; use fewer, at most 100 uses in all" }],
      });
    });
  });
});
