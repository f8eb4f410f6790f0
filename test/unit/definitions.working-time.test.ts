import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { DEFINITIONS_DIR } from '../../definitions/loader';
import { validateDefinition } from '../../definitions/validate';

/** The shipped grievance definition, its durations in working days on uk-england. */
function grievance(): any {
  const d = YAML.parse(readFileSync(path.join(DEFINITIONS_DIR, 'hr-grievance.yaml'), 'utf8'));
  d.calendar = 'uk-england';
  d.deadlines.assessment = { within: '20 working days', remind_before: '5 working days', escalate_to: 'supervisor' };
  d.deadlines.screening = { within: '4 working hours', remind_before: 'PT1H' };
  d.planning.low.tasks[0].due = '5 working days';
  d.follow_up.window = '2 working days';
  d.follow_up.cadence.high = '1 working day';
  return d;
}

const CALENDARS = { calendars: ['uk-england', 'au-nsw'] };
const errorsOf = (mutate: (d: any) => void, options = CALENDARS) => {
  const d = grievance();
  mutate(d);
  const result = validateDefinition(d, options);
  return result.ok ? [] : result.errors;
};

describe('definitions: working time', () => {
  it('accepts working days and working hours on a published calendar, keeping them as written', () => {
    const result = validateDefinition(grievance(), CALENDARS);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.definition.calendar).to.equal('uk-england');
    expect(result.definition.deadlines.assessment).to.deep.equal({ within: '20 working days', remind_before: '5 working days', escalate_to: 'supervisor' });
    expect(result.definition.follow_up.cadence.high).to.equal('1 working day');
  });

  it('refuses working time without a calendar, at each duration', () => {
    const errors = errorsOf((d) => delete d.calendar);
    const message = 'working time needs a calendar to count on: name one at the top of the definition, e.g. calendar: uk-england';
    expect(errors.filter((e) => e.message === message).map((e) => e.path)).to.deep.equal([
      'planning.low.tasks[0].due', 'follow_up.cadence.high', 'follow_up.window', 'deadlines.screening.within', 'deadlines.assessment.within', 'deadlines.assessment.remind_before',
    ]);
  });

  it('refuses a calendar that is not published, with the closest key', () => {
    expect(errorsOf((d) => (d.calendar = 'uk-englnd'))).to.deep.equal([{ path: 'calendar', message: "no calendar 'uk-englnd' is published (did you mean 'uk-england'?)" }]);
    expect(errorsOf((d) => (d.calendar = 'uk-england'), { calendars: [] })).to.deep.equal([{ path: 'calendar', message: "no calendar 'uk-england' is published; none is published yet" }]);
    expect(errorsOf((d) => (d.calendar = 'fr-paris'))).to.deep.equal([{ path: 'calendar', message: "no calendar 'fr-paris' is published; published: uk-england, au-nsw" }]);
    expect(errorsOf((d) => (d.calendar = 'UK'))).to.deep.equal([{ path: 'calendar', message: 'must be the key of a calendar, such as uk-england' }]);
  });

  const cases: Array<[string, (d: any) => void, string, string]> = [
    ['misspelt working time', (d) => (d.deadlines.assessment.within = '20 work days'), 'deadlines.assessment.within', 'or working time such as 20 working days or 4 working hours'],
    ['fractions of working time', (d) => (d.contact = { enabled: false, delay: '1.5 working days' }), 'contact.delay', 'must be an ISO 8601 duration'],
    ['too many working days', (d) => (d.planning.low.tasks[0].due = '1001 working days'), 'planning.low.tasks[0].due', 'may count at most 1000 working days'],
    ['too many working hours', (d) => (d.follow_up.window = '2001 working hours'), 'follow_up.window', 'may count at most 2000 working hours'],
    ['reminder not shorter', (d) => (d.deadlines.assessment.remind_before = '20 working days'), 'deadlines.assessment.remind_before', 'must be shorter than within (20 working days)'],
    ['reminder in other units', (d) => (d.deadlines.assessment.remind_before = '8 working hours'), 'deadlines.assessment.remind_before', 'must be in working days, as within is (20 working days)'],
    ['working reminder before calendar time', (d) => (d.deadlines.planning = { within: 'P5D', remind_before: '1 working day' }), 'deadlines.planning.remind_before', 'a reminder in working time needs a deadline in working time'],
  ];
  for (const [rule, mutate, at, message] of cases) {
    it(`${rule}: ${at}`, () => {
      const errors = errorsOf(mutate);
      expect(errors.find((e) => e.path === at && e.message.includes(message)), JSON.stringify(errors)).to.not.equal(undefined);
    });
  }

  it('calendar time stays as it was, with or without a calendar', () => {
    const d = YAML.parse(readFileSync(path.join(DEFINITIONS_DIR, 'hr-grievance.yaml'), 'utf8'));
    expect(validateDefinition(d).ok).to.equal(true);
    expect(validateDefinition({ ...d, calendar: 'uk-england' }, CALENDARS).ok).to.equal(true);
  });

});
