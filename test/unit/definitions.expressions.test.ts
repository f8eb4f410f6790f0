import { expect } from 'chai';
import { definitionSchema, type Definition, type DefinitionInput } from '../../common/definition-schema';
import {
  bindings,
  checkExpression,
  compileEnvironment,
  formVariables,
  screen,
  stratify,
} from '../../definitions/expressions';
import { editDistance, suggest } from '../../definitions/suggest';

const input: DefinitionInput = {
  key: 'support-case',
  name: 'Support case',
  model: 'brokerage',
  forms: {
    intake: [
      { name: 'eligible', type: 'boolean', required: true },
      { name: 'channel', type: 'enum', values: ['phone', 'web', 'referral'] },
      { name: 'age', type: 'integer', required: true },
      { name: 'household', type: 'integer' },
      { name: 'severity', type: 'number' },
    ],
    assessment: [
      { name: 'severity', type: 'number', required: true },
      { name: 'arrears', type: 'number' },
      { name: 'housing', type: 'enum', values: ['stable', 'at_risk', 'homeless'] },
      { name: 'note', type: 'text' },
    ],
    evaluation: [],
  },
  screening: {
    rules: [
      { when: '!eligible', decision: 'reject', reason: 'Not eligible' },
      { when: 'channel == "referral"', decision: 'accept', reason: 'Referred by a partner' },
      { when: 'age * 2 > household * 10.5', decision: 'accept', reason: 'Mixed arithmetic' },
    ],
  },
  risk: {
    factors: [
      { when: 'severity >= 3', points: 'severity * 2 + 1', reason: 'Severe needs' },
      { when: 'arrears > 1000', points: 'arrears / 1000', reason: 'Rent arrears' },
      { when: 'housing == "homeless"', points: 4, reason: 'Homeless' },
      { when: 'household == 0', points: 1, reason: 'Lives alone' },
    ],
    levels: [
      { level: 'high', when: 'score >= 10' },
      { level: 'moderate', when: 'score >= 5 && score < 10' },
      { level: 'low', when: 'score < 5 && score >= 0' },
    ],
  },
  planning: { low: {}, moderate: {}, high: { approval: true } },
  follow_up: { cadence: { low: 'P30D', moderate: 'P14D', high: 'P7D' }, window: 'P3D' },
};
const definition: Definition = definitionSchema.parse(input);
const withRisk = (risk: Partial<DefinitionInput['risk']>): Definition =>
  definitionSchema.parse({ ...input, risk: { ...input.risk, ...risk } });

describe('definitions/expressions', () => {
  describe('compileEnvironment', () => {
    const env = compileEnvironment({ severity: 'double', score: 'double' });

    it('mixes doubles and int literals in + - * /', () => {
      expect(env.evaluate('severity * 2 + 1', { severity: 1.5 })).to.equal(4);
      expect(env.evaluate('2 * severity - 1', { severity: 1.5 })).to.equal(2);
      expect(env.evaluate('severity / 4', { severity: 3 })).to.equal(0.75);
      expect(env.evaluate('10 - severity', { severity: 2.5 })).to.equal(7.5);
      expect(env.evaluate('10 / severity', { severity: 4 })).to.equal(2.5);
    });

    it('compares doubles with int literals, == and != included', () => {
      expect(env.evaluate('score == 10', { score: 10 })).to.equal(true);
      expect(env.evaluate('10 != score', { score: 10 })).to.equal(false);
      expect(env.evaluate('score >= 10 && score < 11', { score: 10.5 })).to.equal(true);
    });

    it('keeps int arithmetic between int literals', () => {
      expect(env.evaluate('7 / 2', {})).to.equal(3n);
    });

    it('reuses the environment for the same variables', () => {
      expect(compileEnvironment({ score: 'double', severity: 'double' })).to.equal(env);
    });
  });

  describe('checkExpression', () => {
    const variables = formVariables(definition.forms.intake, definition.forms.assessment);

    it('accepts a well-typed condition and reports its type', () => {
      expect(checkExpression('severity * 2 + 1 > age / 3', variables)).to.deep.include({ ok: true, type: 'bool' });
      expect(checkExpression('severity * 2 + 1', variables, { expect: 'number' })).to.deep.include({ ok: true, type: 'double' });
    });

    it('reports a syntax error with its column', () => {
      const result = checkExpression('severity >', variables);
      expect(result).to.deep.equal({ ok: false, message: 'syntax error at column 11: unexpected end of expression' });
    });

    it('reports every unknown name with a suggestion', () => {
      const result = checkExpression('sevrity > 2 && housng == "stable" && zzz', variables);
      expect(result.ok).to.equal(false);
      expect(!result.ok && result.message).to.equal(
        "unknown field 'sevrity' (did you mean 'severity'?); unknown field 'housng' (did you mean 'housing'?); unknown field 'zzz'",
      );
    });

    it('reports type errors', () => {
      const result = checkExpression('housing == 1', variables);
      expect(!result.ok && result.message).to.equal("type error at column 1: cannot apply 'string == int'");
      const method = checkExpression('note.contains(2)', variables);
      expect(!method.ok && method.message).to.match(/^type error at column 1: found no matching overload for 'string.contains\(int\)'/);
    });

    it('requires a condition to give a bool and points to give a number', () => {
      expect(checkExpression('severity * 2', variables)).to.deep.equal({ ok: false, message: 'must give true or false, but gives double' });
      expect(checkExpression('note', variables, { expect: 'number' })).to.deep.equal({ ok: false, message: 'must give a number, but gives string' });
    });

    it('reports enum comparisons with values the field does not have', () => {
      const enums = { housing: ['stable', 'at_risk', 'homeless'] };
      const typo = checkExpression('housing == "homless"', variables, { enums });
      expect(!typo.ok && typo.message).to.equal("'homless' is not a value of housing (did you mean 'homeless'?)");
      const listed = checkExpression('housing in ["stable", "owned"]', variables, { enums });
      expect(!listed.ok && listed.message).to.equal("'owned' is not a value of housing (values: stable, at_risk, homeless)");
      expect(checkExpression('"at_risk" != housing', variables, { enums }).ok).to.equal(true);
    });
  });

  describe('suggestions', () => {
    it('counts a swap of neighbours as one edit', () => {
      expect(editDistance('score', 'scroe')).to.equal(1);
      expect(editDistance('kitten', 'sitting')).to.equal(3);
    });
    it('suggests only close names', () => {
      expect(suggest('scor', ['score', 'severity'])).to.equal('score');
      expect(suggest('Score', ['score'])).to.equal('score');
      expect(suggest('xyz', ['score', 'severity'])).to.equal(undefined);
      expect(suggest('maximum', ['min', 'max'])).to.equal('max');
      expect(suggest('int', ['number', 'integer'])).to.equal('integer');
    });
  });

  describe('bindings', () => {
    it('gives absent optional fields 0, "" or false and leaves absent required fields out', () => {
      const context = bindings([definition.forms.intake, { eligible: true }], [definition.forms.assessment, {}]);
      expect(context).to.deep.equal({ eligible: true, channel: '', household: 0, arrears: 0, housing: '', note: '' });
    });
    it('lets a later form win on a name clash', () => {
      const context = bindings([definition.forms.intake, { severity: 1 }], [definition.forms.assessment, { severity: 4 }]);
      expect(context.severity).to.equal(4);
    });
    it('turns bigint numbers into numbers and drops values of the wrong type', () => {
      const context = bindings([definition.forms.intake, { age: 30n, eligible: 'yes' }]);
      expect(context.age).to.equal(30);
      expect(context).not.to.have.property('eligible');
    });
  });

  describe('screen', () => {
    it('returns the first rule that holds', () => {
      expect(screen(definition, { eligible: false, channel: 'referral', age: 40 })).to.deep.equal({
        decision: 'reject',
        reason: 'Not eligible',
        rule: 0,
      });
      expect(screen(definition, { eligible: true, channel: 'referral', age: 40 })).to.deep.equal({
        decision: 'accept',
        reason: 'Referred by a partner',
        rule: 1,
      });
    });

    it('evaluates mixed int and double arithmetic', () => {
      // 30 * 2 = 60 > 5 * 10.5 = 52.5
      expect(screen(definition, { eligible: true, age: 30, household: 5 })?.rule).to.equal(2);
      expect(screen(definition, { eligible: true, age: 26, household: 5 })).to.equal(undefined);
    });

    it('leaves the decision to a person when no rule holds', () => {
      expect(screen(definition, { eligible: true, channel: 'web', age: 20, household: 4 })).to.equal(undefined);
    });

    it('treats a rule that cannot be evaluated as not holding and reports it', () => {
      const problems: string[] = [];
      expect(screen(definition, { channel: 'web', age: 20, household: 4 }, (p) => problems.push(p))).to.equal(undefined);
      expect(problems).to.deep.equal(["Screening rule 1 (Not eligible) could not be evaluated: no value for 'eligible'"]);
    });
  });

  describe('stratify', () => {
    it('sums the points of the factors that hold and picks the first level that holds', () => {
      const result = stratify(definition, { severity: 3.5, arrears: 2500, housing: 'homeless' }, { household: 0 });
      // 3.5 * 2 + 1 = 8, 2500 / 1000 = 2.5, homeless 4, lives alone 1
      expect(result).to.deep.equal({
        score: 15.5,
        level: 'high',
        reasons: ['Severe needs', 'Rent arrears', 'Homeless', 'Lives alone'],
      });
    });

    it('gives moderate and low levels', () => {
      expect(stratify(definition, { severity: 2, arrears: 6000 }, { household: 2 })).to.deep.equal({
        score: 6,
        level: 'moderate',
        reasons: ['Rent arrears'],
      });
      expect(stratify(definition, { severity: 1 }, { household: 3 })).to.deep.equal({ score: 0, level: 'low', reasons: [] });
    });

    it('leaves out a factor that cannot be evaluated and says so', () => {
      const result = stratify(definition, { housing: 'homeless' }, { household: 1 });
      expect(result.score).to.equal(4);
      expect(result.level).to.equal('low');
      expect(result.reasons).to.deep.equal([
        "Risk factor 1 (Severe needs) could not be evaluated and was left out: no value for 'severity'",
        'Homeless',
      ]);
    });

    it('reports points that cannot be computed', () => {
      const d = withRisk({ factors: [{ when: 'true', points: '10 / (household - household)', reason: 'Broken' }] });
      const result = stratify(d, { severity: 1 }, { household: 2 });
      expect(result.score).to.equal(0);
      expect(result.reasons[0]).to.equal('Risk factor 1 (Broken) could not be evaluated and was left out: gave Infinity instead of a number');
    });

    it('assumes high risk when no level rule holds', () => {
      const d = withRisk({ levels: [{ level: 'low', when: 'score < 0' }, { level: 'moderate', when: 'score == 100' }] });
      const result = stratify(d, { severity: 1 }, { household: 2 });
      expect(result).to.deep.equal({ score: 0, level: 'high', reasons: ['No risk level rule matched a score of 0; high risk assumed'] });
    });

    it('notes a level rule that fails and moves on to the next', () => {
      const d = withRisk({ levels: [{ level: 'high', when: 'note.size() > 10 / 0' }, { level: 'low', when: 'true' }] });
      const result = stratify(d, { severity: 1 }, { household: 2 });
      expect(result.level).to.equal('low');
      expect(result.reasons).to.deep.equal(['Risk level rule 1 (high) could not be evaluated: division by zero']);
    });
  });
});
