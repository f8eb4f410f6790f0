import { expect } from 'chai';
import { diffDefinitions } from '../../definitions/diff';
import { definitionSchema } from '../../common/definition-schema';
import { quickCase, timedCase } from '../fixtures/definitions';

const field = (name: string, extra: object = {}) => ({ name, type: 'string', ...extra });

describe('definitions/diff', () => {
  it('finds nothing between equal documents, whatever their key order', () => {
    const a = { key: 'x', follow_up: { cadence: { low: 'P30D', high: 'P7D' }, window: 'P3D' } };
    const b = { follow_up: { window: 'P3D', cadence: { high: 'P7D', low: 'P30D' } }, key: 'x' };
    expect(diffDefinitions(a, b)).to.deep.equal([]);
  });

  it('names a changed value by its path, with both values', () => {
    const a = { follow_up: { cadence: { low: 'P30D', high: 'P7D' } } };
    const b = { follow_up: { cadence: { low: 'P30D', high: 'P5D' } } };
    expect(diffDefinitions(a, b)).to.deep.equal([{ path: 'follow_up.cadence.high', change: 'changed', from: 'P7D', to: 'P5D' }]);
  });

  it('reports entries that came or went, treating undefined as absent', () => {
    const a = { name: 'A', team: 'x', description: undefined };
    const b = { name: 'A', description: 'Now described', model: 'clinical' };
    expect(diffDefinitions(a, b)).to.deep.equal([
      { path: 'team', change: 'removed', from: 'x' },
      { path: 'description', change: 'added', to: 'Now described' },
      { path: 'model', change: 'added', to: 'clinical' },
    ]);
  });

  it('reports a field inserted in the middle of a form as one addition, at its index in the newer version', () => {
    const a = { forms: { intake: [field('a'), field('b'), field('c')] } };
    const b = { forms: { intake: [field('a'), field('new'), field('b'), field('c')] } };
    expect(diffDefinitions(a, b)).to.deep.equal([{ path: 'forms.intake[1]', change: 'added', to: field('new') }]);
  });

  it('reports a removed field at its index in the older version', () => {
    const a = { forms: { intake: [field('a'), field('b'), field('c')] } };
    const b = { forms: { intake: [field('a'), field('c')] } };
    expect(diffDefinitions(a, b)).to.deep.equal([{ path: 'forms.intake[1]', change: 'removed', from: field('b') }]);
  });

  it('goes into a list entry edited in place', () => {
    const a = { forms: { intake: [field('a'), field('b', { max: 10 }), field('c')] } };
    const b = { forms: { intake: [field('a'), field('b', { max: 20, label: 'B' }), field('c')] } };
    expect(diffDefinitions(a, b)).to.deep.equal([
      { path: 'forms.intake[1].max', change: 'changed', from: 10, to: 20 },
      { path: 'forms.intake[1].label', change: 'added', to: 'B' },
    ]);
  });

  it('reports a value whose kind changed as one change', () => {
    const a = { risk: { factors: [{ points: 3 }] }, values: ['a'] };
    const b = { risk: { factors: [{ points: 'severity * 2' }] }, values: 'a' };
    expect(diffDefinitions(a, b)).to.deep.equal([
      { path: 'risk.factors[0].points', change: 'changed', from: 3, to: 'severity * 2' },
      { path: 'values', change: 'changed', from: ['a'], to: 'a' },
    ]);
  });

  it('lists every change between two real definitions', () => {
    const paths = diffDefinitions(definitionSchema.parse(quickCase), definitionSchema.parse(timedCase)).map((c) => `${c.change} ${c.path}`);
    expect(paths).to.deep.equal([
      'changed key',
      'changed name',
      'removed screening.rules[0]',
      'removed screening.rules[1]',
      'changed follow_up.cadence.low',
      'changed follow_up.cadence.moderate',
      'changed follow_up.cadence.high',
      'changed follow_up.window',
      'changed contact.delay',
      'changed deadlines.assessment.within',
      'changed deadlines.assessment.remind_before',
    ]);
  });
});
