import { expect } from 'chai';
import { isIsoDate, normalizeForm, validateForm, type FormField } from '../../definitions/forms';

const fields: FormField[] = [
  { name: 'name', type: 'string', required: true, min: 2, max: 10 },
  { name: 'reference', type: 'string', pattern: '^REF-\\d{4}$' },
  { name: 'code', type: 'string', pattern: '^[A-Z]{3}$', help: 'three capital letters' },
  { name: 'story', type: 'text', max: 20 },
  { name: 'amount', type: 'number', min: 0, max: 1000.5 },
  { name: 'visits', type: 'integer', min: 1, max: 10 },
  { name: 'consent', type: 'boolean', required: true },
  { name: 'born', type: 'date' },
  { name: 'level', type: 'enum', values: ['low', 'medium', 'high'] },
];
const valid = { name: 'Ada', consent: true };
const errorsFor = (data: Record<string, unknown>) => validateForm(fields, { ...valid, ...data });

describe('definitions/forms', () => {
  describe('validateForm', () => {
    it('accepts valid data, with optional fields absent or null', () => {
      expect(validateForm(fields, valid)).to.deep.equal([]);
      expect(
        errorsFor({
          reference: 'REF-0042',
          code: 'ABC',
          story: 'short',
          amount: 1000.5,
          visits: 10,
          born: '1990-02-28',
          level: 'medium',
          consent: false,
        }),
      ).to.deep.equal([]);
      expect(errorsFor({ amount: null, level: null })).to.deep.equal([]);
    });

    it('requires required fields, null counting as absent', () => {
      expect(validateForm(fields, {})).to.deep.equal([
        { field: 'name', message: 'is required' },
        { field: 'consent', message: 'is required' },
      ]);
      expect(errorsFor({ consent: null })).to.deep.equal([{ field: 'consent', message: 'is required' }]);
    });

    it('refuses data that is not an object', () => {
      for (const data of [null, [], 'x', 3]) {
        expect(validateForm(fields, data)).to.deep.equal([{ field: '(form)', message: 'must be an object with one entry per field' }]);
      }
    });

    it('reports fields the form does not have', () => {
      expect(errorsFor({ colour: 'red' })).to.deep.equal([{ field: 'colour', message: 'is not a field of this form' }]);
    });

    it('checks string and text types and lengths in characters', () => {
      expect(errorsFor({ name: 42 })).to.deep.equal([{ field: 'name', message: 'must be text' }]);
      expect(errorsFor({ name: 'A' })).to.deep.equal([{ field: 'name', message: 'must be at least 2 characters long' }]);
      expect(errorsFor({ name: 'Bartholomew' })).to.deep.equal([{ field: 'name', message: 'must be at most 10 characters long' }]);
      expect(errorsFor({ name: 'Zoë 😀😀😀😀😀😀' })).to.deep.equal([]);
      expect(errorsFor({ story: 'x'.repeat(21) })).to.deep.equal([{ field: 'story', message: 'must be at most 20 characters long' }]);
      expect(errorsFor({ story: true })).to.deep.equal([{ field: 'story', message: 'must be text' }]);
    });

    it('checks patterns, naming the help text when there is one', () => {
      expect(errorsFor({ reference: 'REF-42' })).to.deep.equal([
        { field: 'reference', message: 'does not have the expected format: ^REF-\\d{4}$' },
      ]);
      expect(errorsFor({ code: 'abc' })).to.deep.equal([
        { field: 'code', message: 'does not have the expected format (three capital letters)' },
      ]);
    });

    it('checks numbers and their range', () => {
      expect(errorsFor({ amount: '12' })).to.deep.equal([{ field: 'amount', message: 'must be a number' }]);
      expect(errorsFor({ amount: Number.NaN })).to.deep.equal([{ field: 'amount', message: 'must be a number' }]);
      expect(errorsFor({ amount: -0.01 })).to.deep.equal([{ field: 'amount', message: 'must be at least 0' }]);
      expect(errorsFor({ amount: 1000.51 })).to.deep.equal([{ field: 'amount', message: 'must be at most 1000.5' }]);
    });

    it('checks integers and their range', () => {
      expect(errorsFor({ visits: 2.5 })).to.deep.equal([{ field: 'visits', message: 'must be a whole number, not 2.5' }]);
      expect(errorsFor({ visits: '3' })).to.deep.equal([{ field: 'visits', message: 'must be a whole number' }]);
      expect(errorsFor({ visits: 0 })).to.deep.equal([{ field: 'visits', message: 'must be at least 1' }]);
      expect(errorsFor({ visits: 11 })).to.deep.equal([{ field: 'visits', message: 'must be at most 10' }]);
    });

    it('checks booleans', () => {
      expect(errorsFor({ consent: 'yes' })).to.deep.equal([{ field: 'consent', message: 'must be true or false' }]);
    });

    it('checks dates and timestamps', () => {
      expect(errorsFor({ born: '2024-02-29' })).to.deep.equal([]);
      expect(errorsFor({ born: '2024-05-31T14:30:00Z' })).to.deep.equal([]);
      const message = 'must be a date such as 2024-05-31 or a time such as 2024-05-31T14:30:00Z';
      for (const born of ['2023-02-29', '31/05/2024', '2024-5-31', '2024-05-31T25:00:00Z', 20240531]) {
        expect(errorsFor({ born })).to.deep.equal([{ field: 'born', message }]);
      }
    });

    it('checks enum values', () => {
      expect(errorsFor({ level: 'severe' })).to.deep.equal([{ field: 'level', message: 'must be one of low, medium, high' }]);
      expect(errorsFor({ level: 2 })).to.deep.equal([{ field: 'level', message: 'must be one of low, medium, high' }]);
    });

    it('reports every problem at once, in the order of the form', () => {
      expect(validateForm(fields, { name: 'A', visits: 0, extra: 1 })).to.deep.equal([
        { field: 'name', message: 'must be at least 2 characters long' },
        { field: 'visits', message: 'must be at least 1' },
        { field: 'consent', message: 'is required' },
        { field: 'extra', message: 'is not a field of this form' },
      ]);
    });
  });

  describe('isIsoDate', () => {
    it('accepts calendar dates and timestamps with a time zone', () => {
      for (const text of ['2000-02-29', '2024-12-31', '2024-05-31T14:30Z', '2024-05-31T14:30:15.123+02:00', '2024-05-31t00:00:00z']) {
        expect(isIsoDate(text), text).to.equal(true);
      }
    });
    it('refuses impossible dates and timestamps without a zone', () => {
      for (const text of ['1900-02-29', '2024-04-31', '2024-00-10', '2024-05-31T14:30:00', '2024-05-31T14:60Z', '2024-05-31 14:30Z', '']) {
        expect(isIsoDate(text), text).to.equal(false);
      }
    });
  });

  describe('normalizeForm', () => {
    it('drops blank values, trims strings and converts numbers and booleans written as text', () => {
      const data = { name: '  Ada  ', story: ' keep  ', amount: '12.5', visits: '3', consent: 'Yes', level: '', born: null, extra: 'x' };
      expect(normalizeForm(fields, data)).to.deep.equal({ name: 'Ada', story: ' keep  ', amount: 12.5, visits: 3, consent: true, extra: 'x' });
      expect(data.name).to.equal('  Ada  ');
    });
    it('leaves values it cannot convert for validateForm to report', () => {
      const normalized = normalizeForm(fields, { name: 'Ada', amount: 'twelve', consent: 'maybe' });
      expect(normalized).to.deep.equal({ name: 'Ada', amount: 'twelve', consent: 'maybe' });
      expect(validateForm(fields, normalized)).to.deep.equal([
        { field: 'amount', message: 'must be a number' },
        { field: 'consent', message: 'must be true or false' },
      ]);
    });
  });
});
