import { expect } from 'chai';
import type { CaseView } from '../../common/case-view';
import { caseClocks } from '../../common/clocks';
import type { CalendarRules } from '../../common/working-time/calendar-rules';
import { extendDue } from '../../common/working-time/deadline';
import { countDeadline, elapsedText } from '../../common/working-time/running';

const london: CalendarRules = {
  time_zone: 'Europe/London',
  working_days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  working_hours: { start: '09:00', end: '17:30' },
  holidays: [{ date: '2026-12-25', name: 'Christmas Day' }],
  received_after_hours: 'next_working_day',
};
const HOUR = 3_600_000;

describe('working time: extensions and running deadlines', () => {
  const extensions: Array<[string, string, CalendarRules | undefined, string]> = [
    // From a Friday's close: 5 working days end at the next Friday's close, not a day later.
    ['2026-12-04T17:30:00.000Z', '5 working days', london, '2026-12-11T17:30:00.000Z'],
    // Over Christmas Day: Wed, Thu, then Mon.
    ['2026-12-22T17:30:00.000Z', '3 working days', london, '2026-12-28T17:30:00.000Z'],
    // Working hours go on from the due instant: from a close, into the next day's opening.
    ['2026-12-04T17:30:00.000Z', '2 working hours', london, '2026-12-07T11:00:00.000Z'],
    ['2026-12-04T12:00:00.000Z', '2 working hours', london, '2026-12-04T14:00:00.000Z'],
    ['2026-12-04T12:00:00.000Z', 'P2D', undefined, '2026-12-06T12:00:00.000Z'],
  ];
  for (const [due, by, calendar, expected] of extensions) {
    it(`extends ${due} by ${by} to ${expected}`, () => expect(extendDue(due, by, calendar)).to.equal(expected));
  }

  it('counts a deadline from its start, its time on hold and its extensions, and says so', () => {
    const counted = countDeadline({ startedAt: '2026-12-01T10:00:00Z', within: '5 working days', remindBefore: '2 working days', heldMs: 26 * HOUR, extensions: ['2 working days'] }, london);
    // 5 working days from Tue 1 Dec: Tue 8 Dec 17:30; 26 hours on hold: Wed 9 Dec 19:30, after the close, so
    // the 2 working days of the extension count from Thu 10 Dec as day 0: Mon 14 Dec 17:30.
    expect(counted.dueAt).to.equal('2026-12-14T17:30:00.000Z');
    expect(counted.explain).to.equal(
      '5 working days from Tue 1 Dec 10:00 Europe/London, skipping Sat–Sun: due Tue 8 Dec 17:30; stopped 1 day 2 hours on hold: due Wed 9 Dec 19:30; extended by 2 working days: due Mon 14 Dec 17:30',
    );
    // The reminder (close of working day 3, Fri 4 Dec) moves by as much as the due time did.
    expect(counted.remindAt).to.equal(new Date(Date.parse('2026-12-04T17:30:00Z') + Date.parse('2026-12-14T17:30:00Z') - Date.parse('2026-12-08T17:30:00Z')).toISOString());
  });

  it('a holiday added later moves a deadline it falls within, and not one it does not', () => {
    const basis = { startedAt: '2026-12-01T10:00:00Z', within: '5 working days' };
    const before = countDeadline(basis, london).dueAt;
    expect(countDeadline(basis, { ...london, holidays: [...london.holidays, { date: '2026-12-03', name: 'Closure' }] }).dueAt).to.equal('2026-12-09T17:30:00.000Z');
    expect(countDeadline(basis, { ...london, holidays: [...london.holidays, { date: '2026-12-10', name: 'Closure' }] }).dueAt).to.equal(before);
  });

  it('counts calendar time as elapsed time, as cases always have', () => {
    const counted = countDeadline({ startedAt: '2026-12-01T10:00:00.000Z', within: 'P5D', remindBefore: 'P1D', heldMs: HOUR, extensions: ['P2D'] });
    expect(counted).to.deep.include({ dueAt: '2026-12-08T11:00:00.000Z', remindAt: '2026-12-07T11:00:00.000Z' });
  });

  it('says elapsed time to the minute', () => {
    expect([elapsedText(0), elapsedText(90_000), elapsedText(49 * HOUR + 60_000)]).to.deep.equal(['less than a minute', '2 minutes', '2 days 1 hour 1 minute']);
  });
});

describe('case clocks: what a case waits for, in words, stopped while on hold', () => {
  const view = (extra: Partial<CaseView>) =>
    ({
      status: 'open',
      deadlines: [{ phase: 'assessment', startedAt: '2026-12-01T10:00:00Z', dueAt: '2026-12-08T17:30:00.000Z', remindAt: '2026-12-04T17:30:00.000Z', reminded: false, breached: false, explain: '5 working days …' }],
      followUps: [],
      tasks: [{ id: 't1', title: 'Call', due: '2026-12-03T17:30:00.000Z', explain: '2 working days …', status: 'open', required: true, createdAt: '2026-12-01T10:00:00Z' }],
      ...extra,
    }) as CaseView;

  it('lists the running deadline, its reminder and open tasks, earliest first, with their words', () => {
    expect(caseClocks(view({})).map((c) => [c.kind, c.dueAt, c.explain])).to.deep.equal([
      ['task', '2026-12-03T17:30:00.000Z', '2 working days …'],
      ['reminder', '2026-12-04T17:30:00.000Z', undefined],
      ['deadline', '2026-12-08T17:30:00.000Z', '5 working days …'],
    ]);
  });

  it('marks every clock stopped, with the reason, while the case is on hold; a closed case has none', () => {
    const hold = { reason: 'Waiting for records', since: '2026-12-02T10:00:00Z', by: 'u1' };
    expect(caseClocks(view({ status: 'on_hold', hold })).map((c) => c.stopped)).to.deep.equal([hold, hold, hold]);
    expect(caseClocks(view({ status: 'closed' }))).to.deep.equal([]);
  });
});
