import { expect } from 'chai';
import type { CalendarRules, Weekday } from '../../common/working-time/calendar-rules';
import { dueAfter, DurationNotCountable, reminderAt } from '../../common/working-time/deadline';
import { workingDue, WorkingTimeOutOfRange } from '../../common/working-time/due';
import { parseWorkingTime } from '../../common/working-time/span';

const WEEK: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const EVERY_DAY: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const holidays = (...dates: string[]) => dates.map((date) => ({ date, name: `holiday ${date}` }));

/** England and Wales, with the bank holidays of 2026 and 2027. */
const london: CalendarRules = {
  time_zone: 'Europe/London',
  working_days: WEEK,
  working_hours: { start: '09:00', end: '17:30' },
  holidays: holidays(
    '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28',
    '2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28',
  ),
  received_after_hours: 'next_working_day',
};
const londonSameDay: CalendarRules = { ...london, received_after_hours: 'same_day' };
/** New South Wales: Good Friday, Easter Monday and Labour Day 2026. */
const sydney: CalendarRules = {
  time_zone: 'Australia/Sydney',
  working_days: WEEK,
  working_hours: { start: '09:00', end: '17:00' },
  holidays: holidays('2026-04-03', '2026-04-06', '2026-10-05'),
  received_after_hours: 'next_working_day',
};
/** A night shift, 22:00 to 06:00, starting Monday to Friday. */
const nights: CalendarRules = { time_zone: 'Europe/London', working_days: WEEK, working_hours: { start: '22:00', end: '06:00' }, holidays: [], received_after_hours: 'next_working_day' };
const nightsEveryDay: CalendarRules = { ...nights, working_days: EVERY_DAY };
const roundTheClock: CalendarRules = { ...nights, working_days: EVERY_DAY, working_hours: { start: '00:00', end: '00:00' } };

interface Row {
  what: string;
  calendar: CalendarRules;
  from: string;
  span: string;
  at: string;
}

// Each instant worked out by hand from the convention in common/working-time/due.ts; local times in
// the comments.
const TABLE: Row[] = [
  // Daylight saving in Europe/London: clocks go forward Sun 29 Mar 2026, back Sun 25 Oct 2026.
  { what: 'London, over the weekend clocks go forward', calendar: london, from: '2026-03-27T10:00:00Z', span: '1 working day', at: '2026-03-30T16:30:00.000Z' }, // Fri 10:00 GMT → Mon 17:30 BST
  { what: 'London, over the weekend clocks go back', calendar: london, from: '2026-10-23T11:00:00Z', span: '1 working day', at: '2026-10-26T17:30:00.000Z' }, // Fri 12:00 BST → Mon 17:30 GMT
  { what: 'London, working hours across the change', calendar: london, from: '2026-03-27T16:30:00Z', span: '2 working hours', at: '2026-03-30T09:00:00.000Z' }, // 1 h Fri, 1 h from Mon 09:00 BST
  // Daylight saving in Australia/Sydney: clocks go back Sun 5 Apr 2026, forward Sun 4 Oct 2026.
  { what: 'Sydney, Easter and clocks going back', calendar: sydney, from: '2026-04-01T23:00:00Z', span: '1 working day', at: '2026-04-07T07:00:00.000Z' }, // Thu 10:00 AEDT; Good Friday, Easter Monday → Tue 17:00 AEST
  { what: 'Sydney, clocks going forward and Labour Day', calendar: sydney, from: '2026-10-01T23:00:00Z', span: '1 working day', at: '2026-10-06T06:00:00.000Z' }, // Fri 09:00 AEST → Tue 17:00 AEDT
  { what: 'Sydney, working hours across the change', calendar: sydney, from: '2026-10-02T06:00:00Z', span: '3 working hours', at: '2026-10-06T00:00:00.000Z' }, // 1 h Fri; Tue from 09:00 AEDT, 2 h
  // Holidays on a Monday.
  { what: 'Easter Monday', calendar: london, from: '2026-04-02T10:00:00Z', span: '2 working days', at: '2026-04-08T16:30:00.000Z' }, // Thu 11:00 → Tue (1), Wed (2) 17:30 BST
  { what: 'Early May bank holiday, received at the opening', calendar: london, from: '2026-05-01T08:00:00Z', span: '1 working day', at: '2026-05-05T16:30:00.000Z' }, // Fri 09:00 BST → Tue 17:30
  { what: 'Easter Monday 2027, the day after clocks go forward', calendar: london, from: '2027-03-25T12:00:00Z', span: '1 working day', at: '2027-03-30T16:30:00.000Z' }, // Thu → Tue 17:30 BST
  // Received outside working hours.
  { what: 'after the close, counted from the next working day', calendar: london, from: '2026-12-04T18:10:00Z', span: '5 working days', at: '2026-12-14T17:30:00.000Z' }, // Fri 18:10: day 0 Mon 7 Dec
  { what: 'after the close, counted from the same day', calendar: londonSameDay, from: '2026-12-04T18:10:00Z', span: '5 working days', at: '2026-12-11T17:30:00.000Z' }, // day 0 Fri 4 Dec
  { what: 'at the close exactly, which is after hours', calendar: london, from: '2026-12-04T17:30:00Z', span: '1 working day', at: '2026-12-08T17:30:00.000Z' }, // day 0 Mon → Tue
  { what: 'on a Saturday, counted from Monday', calendar: london, from: '2026-12-05T10:00:00Z', span: '1 working day', at: '2026-12-08T17:30:00.000Z' }, // day 0 Mon → Tue
  { what: 'on a Saturday, counted from that Saturday', calendar: londonSameDay, from: '2026-12-05T10:00:00Z', span: '1 working day', at: '2026-12-07T17:30:00.000Z' }, // day 0 Sat → Mon
  { what: 'before the opening, counted from that day', calendar: london, from: '2026-12-07T07:00:00Z', span: '1 working day', at: '2026-12-08T17:30:00.000Z' }, // day 0 Mon → Tue
  { what: 'working hours after the close start at the next opening', calendar: london, from: '2026-12-04T18:10:00Z', span: '4 working hours', at: '2026-12-07T13:00:00.000Z' }, // Mon 09:00 + 4 h
  // N = 0.
  { what: '0 working days within hours: the close of day 0', calendar: london, from: '2026-12-09T10:00:00Z', span: '0 working days', at: '2026-12-09T17:30:00.000Z' },
  { what: '0 working days after hours: the close of the next working day', calendar: london, from: '2026-12-04T18:10:00Z', span: '0 working days', at: '2026-12-07T17:30:00.000Z' },
  { what: '0 working days from a Saturday that is day 0: the close of Monday', calendar: londonSameDay, from: '2026-12-05T10:00:00Z', span: '0 working days', at: '2026-12-07T17:30:00.000Z' },
  { what: '0 working hours within hours: the moment received', calendar: london, from: '2026-12-09T10:00:00Z', span: '0 working hours', at: '2026-12-09T10:00:00.000Z' },
  { what: '0 working hours after hours: the next opening', calendar: london, from: '2026-12-04T18:10:00Z', span: '0 working hours', at: '2026-12-07T09:00:00.000Z' },
  { what: "working hours that use up a day's hours end at its close", calendar: london, from: '2026-12-09T09:00:00Z', span: '17 working hours', at: '2026-12-10T17:30:00.000Z' }, // Wed and Thu, 8.5 h each
  // Working hours that span days: a night shift belongs to the day it starts on.
  { what: 'night shift, received in Monday\u2019s shift', calendar: nights, from: '2026-12-07T22:30:00Z', span: '1 working day', at: '2026-12-09T06:00:00.000Z' }, // Tue's shift ends Wed 06:00
  { what: 'night shift, received after midnight in Monday\u2019s shift', calendar: nights, from: '2026-12-08T03:00:00Z', span: '1 working day', at: '2026-12-09T06:00:00.000Z' },
  { what: 'night shift, received early Saturday in Friday\u2019s shift', calendar: nights, from: '2026-12-12T03:00:00Z', span: '1 working day', at: '2026-12-15T06:00:00.000Z' }, // Mon's shift ends Tue 06:00
  { what: 'night shift, received between shifts', calendar: nights, from: '2026-12-08T12:00:00Z', span: '1 working day', at: '2026-12-10T06:00:00.000Z' }, // before Tue's shift: day 0 Tue
  { what: 'night shift, working hours across two shifts', calendar: nights, from: '2026-12-11T05:00:00Z', span: '3 working hours', at: '2026-12-12T00:00:00.000Z' }, // 1 h to 06:00, 2 h from Fri 22:00
  { what: 'night shift the night clocks go forward is 7 hours long', calendar: nightsEveryDay, from: '2026-03-28T22:00:00Z', span: '8 working hours', at: '2026-03-29T22:00:00.000Z' }, // 7 h, then 1 h from Sun 22:00 BST
  { what: 'round the clock, across clocks going forward', calendar: roundTheClock, from: '2026-03-28T12:00:00Z', span: '48 working hours', at: '2026-03-30T12:00:00.000Z' },
  // Long spans over year ends.
  { what: 'over Christmas and New Year', calendar: london, from: '2026-12-21T10:00:00Z', span: '10 working days', at: '2027-01-07T17:30:00.000Z' }, // skips 25, 28 Dec and 1 Jan
  { what: '300 working days into the next year', calendar: london, from: '2026-01-02T09:00:00Z', span: '300 working days', at: '2027-03-10T17:30:00.000Z' }, // 252 left in 2026, 48 in 2027
];

describe('working time: due instants', () => {
  for (const row of TABLE) {
    it(`${row.what}: ${row.span} from ${row.from}`, () => {
      const span = parseWorkingTime(row.span);
      expect(span, row.span).to.not.equal(undefined);
      expect(workingDue(row.calendar, row.from, span!).at).to.equal(row.at);
    });
  }

  it('gives day 0, when counting starts and the days passed over', () => {
    const due = workingDue(london, '2026-12-04T18:10:00Z', { amount: 5, unit: 'day' });
    expect(due).to.deep.include({ receipt: 'after_hours', dayZero: '2026-12-07', countsFrom: '2026-12-07T09:00:00.000Z', movedToNextWorkingDay: true });
    expect(due.skipped).to.deep.equal([{ date: '2026-12-12', weekday: 'sat' }, { date: '2026-12-13', weekday: 'sun' }]);
    const overChristmas = workingDue(london, '2026-12-21T10:00:00Z', { amount: 10, unit: 'day' });
    expect(overChristmas.skipped.map((s) => `${s.date} ${s.weekday}${s.holiday ? ' holiday' : ''}`)).to.deep.equal([
      '2026-12-25 fri holiday', '2026-12-26 sat', '2026-12-27 sun', '2026-12-28 mon holiday',
      '2027-01-01 fri holiday', '2027-01-02 sat', '2027-01-03 sun',
    ]);
  });

  it('gives the same instant for the same input, whatever the host time zone says', () => {
    const before = process.env.TZ;
    try {
      const results = ['UTC', 'Pacific/Kiritimati', 'America/St_Johns'].map((tz) => {
        process.env.TZ = tz;
        return workingDue(sydney, '2026-10-02T06:00:00Z', { amount: 3, unit: 'hour' }).at;
      });
      expect(new Set(results)).to.deep.equal(new Set(['2026-10-06T00:00:00.000Z']));
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  it('refuses an instant without a time zone', () => {
    expect(() => workingDue(london, '2026-12-04T09:00:00', { amount: 1, unit: 'day' })).to.throw(RangeError, 'time zone');
  });

  it('stops on a calendar with no working time instead of looping', () => {
    const never: CalendarRules = { ...london, working_days: [] };
    expect(() => workingDue(never, '2026-12-04T09:00:00Z', { amount: 1, unit: 'day' })).to.throw(WorkingTimeOutOfRange);
  });
});

describe('working time: any duration of a definition', () => {
  it('counts calendar time as elapsed time, with or without a calendar', () => {
    expect(dueAfter('2026-03-28T12:00:00Z', 'P1D')).to.equal('2026-03-29T12:00:00.000Z');
    expect(dueAfter('2026-03-28T12:00:00Z', 'P1D', london)).to.equal('2026-03-29T12:00:00.000Z');
  });

  it('counts working time on the calendar', () => {
    expect(dueAfter('2026-12-04T18:10:00Z', '5 working days', london)).to.equal('2026-12-14T17:30:00.000Z');
  });

  it('refuses working time without a calendar, and text that is no duration', () => {
    expect(() => dueAfter('2026-12-04T09:00:00Z', '5 working days')).to.throw(DurationNotCountable, 'no calendar');
    expect(() => dueAfter('2026-12-04T09:00:00Z', 'five days', london)).to.throw(DurationNotCountable);
  });

  it('reminds before a working-time deadline in the same unit, short of the count', () => {
    // 5 working days from Wed 9 Dec end Wed 16 Dec; 2 before: the close of working day 3, Mon 14 Dec.
    expect(reminderAt('2026-12-09T10:00:00Z', '5 working days', '2 working days', london)).to.equal('2026-12-14T17:30:00.000Z');
    expect(reminderAt('2026-12-09T10:00:00Z', '5 working days', 'PT2H', london)).to.equal('2026-12-16T15:30:00.000Z');
    expect(reminderAt('2026-12-09T10:00:00Z', 'P7D', 'P2D')).to.equal('2026-12-14T10:00:00.000Z');
    expect(() => reminderAt('2026-12-09T10:00:00Z', '5 working days', '4 working hours', london)).to.throw(DurationNotCountable, 'working hours');
  });
});
