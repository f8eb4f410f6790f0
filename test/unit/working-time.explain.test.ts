import { expect } from 'chai';
import type { CalendarRules } from '../../common/working-time/calendar-rules';
import { explainDue } from '../../common/working-time/explain';

const london: CalendarRules = {
  time_zone: 'Europe/London',
  working_days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  working_hours: { start: '09:00', end: '17:30' },
  holidays: [
    { date: '2026-12-25', name: 'Christmas Day' },
    { date: '2026-12-28', name: 'Boxing Day (substitute day)' },
    { date: '2027-01-01', name: "New Year's Day" },
  ],
  received_after_hours: 'next_working_day',
};

describe('working time: due times in words', () => {
  const cases: Array<[string, string, CalendarRules, string]> = [
    ['2026-12-04T09:00:00Z', '5 working days', london, '5 working days from Fri 4 Dec 09:00 Europe/London, skipping Sat–Sun: due Fri 11 Dec 17:30'],
    ['2026-12-18T09:00:00Z', '5 working days', { ...london, holidays: [{ date: '2026-12-24', name: 'Christmas Eve' }, ...london.holidays] }, '5 working days from Fri 18 Dec 09:00 Europe/London, skipping Sat–Sun, 24–25 Dec and 28 Dec: due Wed 30 Dec 17:30'],
    ['2026-12-04T18:10:00Z', '5 working days', london, '5 working days from Fri 4 Dec 18:10 Europe/London (after hours: counted from Mon 7 Dec), skipping Sat–Sun: due Mon 14 Dec 17:30'],
    ['2026-12-05T10:00:00Z', '1 working day', london, '1 working day from Sat 5 Dec 10:00 Europe/London (not a working day: counted from Mon 7 Dec): due Tue 8 Dec 17:30'],
    ['2026-12-05T10:00:00Z', '1 working day', { ...london, received_after_hours: 'same_day' }, '1 working day from Sat 5 Dec 10:00 Europe/London, skipping Sun: due Mon 7 Dec 17:30'],
    ['2026-12-21T10:00:00Z', '10 working days', london, '10 working days from Mon 21 Dec 2026 10:00 Europe/London, skipping Sat–Sun, 25 Dec 2026, 28 Dec 2026 and 1 Jan 2027: due Thu 7 Jan 2027 17:30'],
    ['2026-12-24T16:00:00Z', '4 working hours', london, '4 working hours from Thu 24 Dec 16:00 Europe/London, skipping Sat–Sun, 25 Dec and 28 Dec: due Tue 29 Dec 11:30'],
    ['2026-12-04T07:30:00Z', '2 working hours', london, '2 working hours from Fri 4 Dec 07:30 Europe/London (before hours: counted from Fri 4 Dec 09:00): due Fri 4 Dec 11:00'],
    ['2026-12-04T09:00:00Z', 'P7D', london, 'P7D (calendar time) from Fri 4 Dec 09:00 Europe/London: due Fri 11 Dec 09:00'],
    ['2026-06-01T10:00:00Z', '1 working day', { ...london, working_days: ['tue', 'wed', 'thu', 'fri', 'sat'] }, '1 working day from Mon 1 Jun 11:00 Europe/London (not a working day: counted from Tue 2 Jun): due Wed 3 Jun 17:30'],
    ['2026-06-05T10:00:00Z', '2 working days', { ...london, working_days: ['tue', 'wed', 'thu', 'fri', 'sat'] }, '2 working days from Fri 5 Jun 11:00 Europe/London, skipping Sun–Mon: due Tue 9 Jun 17:30'],
  ];
  for (const [from, duration, calendar, text] of cases) {
    it(text, () => expect(explainDue(from, duration, calendar).text).to.equal(text));
  }

  it('explains calendar time in UTC when the definition has no calendar', () => {
    expect(explainDue('2026-12-04T09:00:00Z', 'PT36H')).to.deep.equal({ at: '2026-12-05T21:00:00.000Z', text: 'PT36H (calendar time) from Fri 4 Dec 09:00 UTC: due Sat 5 Dec 21:00' });
  });

  it('counts the holidays it does not name', () => {
    const dates = ['01-05', '01-07', '01-12', '01-14', '01-19', '01-21', '01-26', '01-28', '02-02', '02-04'];
    const many: CalendarRules = { ...london, holidays: dates.map((d) => ({ date: `2027-${d}`, name: 'closed' })) };
    expect(explainDue('2027-01-04T10:00:00Z', '20 working days', many).text).to.equal(
      '20 working days from Mon 4 Jan 10:00 Europe/London, skipping Sat–Sun, 5 Jan, 7 Jan, 12 Jan, 14 Jan, 19 Jan, 21 Jan, 26 Jan, 28 Jan and 2 more holidays: due Mon 15 Feb 17:30',
    );
  });
});
