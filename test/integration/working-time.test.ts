/**
 * Cases that count working time, on Temporal's time-skipping server: a deadline's timer fires at
 * the instant the working-day arithmetic gives, a holiday published while a case runs moves its
 * pending deadline (and leaves a passed one as it was), and a supervisor extends a deadline. The
 * server's clock starts at now and only moves forward, so the calendar works every day of the
 * week and its holidays are dates taken from the cases' own due times.
 */
import { expect } from 'chai';
import type { DefinitionInput } from '../../common/definition-schema';
import type { CalendarRules } from '../../common/working-time/calendar-rules';
import { dueAfter, extendDue } from '../../common/working-time/deadline';
import { computeCaseReport } from '../../reports/case-report';
import { readFoldedCase } from '../../store/case-reads';
import { readTrail } from '../../store/trail';
import { eventually } from '../helpers/eventually';
import { startSystem, type TestSystem } from '../helpers/system';
import { ok, toAssessment, types } from '../helpers/cases';
import { dailyCase } from '../fixtures/definitions';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const rules: CalendarRules = {
  time_zone: 'UTC',
  working_days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
  working_hours: { start: '09:00', end: '17:00' },
  received_after_hours: 'next_working_day',
  holidays: [],
};
const calendar = (holidays: CalendarRules['holidays']) => ({ key: 'every-day', name: 'Every day, 09:00 to 17:00 UTC', ...rules, holidays });

const workingCase: DefinitionInput = {
  ...dailyCase,
  key: 'working-case',
  name: 'Working-day case',
  calendar: 'every-day',
  deadlines: { assessment: { within: '3 working days', remind_before: '1 working day', escalate_to: 'supervisor', max_extensions: 1 } },
};

interface Deadline {
  phase: string;
  startedAt: string;
  dueAt: string;
  reminded?: boolean;
  breached?: boolean;
  explain?: string;
  extensions?: Array<{ by: string; reason: string }>;
}
interface Entry {
  type: string;
  at: string;
  data: Record<string, unknown>;
}

describe('working time: cases count their due times on their calendar', () => {
  let sys: TestSystem;
  before(async () => {
    sys = await startSystem({ clock: 'time-skipping' });
    expect((await sys.http.put('/calendars/every-day', calendar([]))).status).to.equal(201);
    const published = await sys.http.put('/definitions/working-case', workingCase);
    expect(published.status, JSON.stringify(published.body)).to.equal(201);
  });
  after(async () => sys?.stop());

  const advance = (ms: number) => sys.env.sleep(ms);
  const view = async (id: string) => (await sys.http.get(`/cases/${id}`)).body;
  const trail = async (id: string): Promise<Entry[]> => (await sys.http.get(`/cases/${id}/events`)).body.items;
  const deadline = async (id: string): Promise<Deadline> => (await view(id)).deadlines.find((d: Deadline) => d.phase === 'assessment');
  const row = async (id: string) => (await sys.http.get('/cases?definition=working-case&limit=100')).body.items.find((r: { id: string }) => r.id === id);
  /** Moves the server's clock to `iso` (it only moves forward). */
  const advanceTo = async (iso: string) => advance(Math.max(1, Date.parse(iso) - (await sys.env.currentTimeMs())));

  it('sets the deadline at the close of the third working day, says why, and fires its timer at that instant', async () => {
    const id = await toAssessment(sys, 'working-case');
    const d = await deadline(id);
    expect(d.dueAt).to.equal(dueAfter(d.startedAt, '3 working days', rules));
    expect(d.explain).to.match(/^3 working days from \w{3} \d{1,2} \w{3} \d\d:\d\d UTC.*: due \w{3} \d{1,2} \w{3} 17:00$/);
    const clocks = (await view(id)).clocks as Array<{ kind: string; dueAt: string; explain?: string }>;
    expect(clocks.find((c) => c.kind === 'deadline')).to.deep.include({ dueAt: d.dueAt, explain: d.explain });
    expect(await trail(id).then((t) => t.find((e) => e.type === 'case_opened')?.data.calendar)).to.deep.equal({ key: 'every-day', version: 1 });

    // Up to two minutes before the due time: reminded, urgent, not breached.
    await advanceTo(new Date(Date.parse(d.dueAt) - 2 * MINUTE).toISOString());
    await eventually(async () => expect((await deadline(id)).reminded).to.equal(true));
    await eventually(async () => expect((await row(id)).urgency, JSON.stringify((await trail(id)).map((e) => [e.type, e.at, e.data.urgency]))).to.equal(40));
    expect((await deadline(id)).breached).to.equal(false);
    expect(types({ items: await trail(id) })).to.include('urgency_changed').and.not.include('deadline_passed');

    await advance(3 * MINUTE);
    await eventually(async () => expect((await deadline(id)).breached).to.equal(true));
    const passed = (await trail(id)).find((e) => e.type === 'deadline_passed')!;
    expect(Date.parse(passed.at)).to.be.at.least(Date.parse(d.dueAt)).and.below(Date.parse(d.dueAt) + MINUTE);
    expect((await row(id)).urgency).to.equal(50);
    const list = (await sys.http.get('/cases?definition=working-case&sort=urgency&limit=100')).body.items as Array<{ urgency: number }>;
    expect(list.map((r) => r.urgency)).to.deep.equal([...list.map((r) => r.urgency)].sort((a, b) => b - a));
    expect(list[0].urgency).to.equal(50);
  });

  it('a holiday published while a case runs moves its pending deadline; a deadline already passed stays', async () => {
    const passedId = await toAssessment(sys, 'working-case');
    const passedBefore = await deadline(passedId);
    await advanceTo(new Date(Date.parse(passedBefore.dueAt) + MINUTE).toISOString());
    await eventually(async () => expect((await deadline(passedId)).breached).to.equal(true));

    const pendingId = await toAssessment(sys, 'working-case');
    const pendingBefore = await deadline(pendingId);
    // Holidays on the last day each deadline counts: one passed, one still to come.
    const holidays = [
      { date: passedBefore.dueAt.slice(0, 10), name: 'Closure day' },
      { date: pendingBefore.dueAt.slice(0, 10), name: 'Founders day' },
    ];
    const published = await sys.http.put('/calendars/every-day', calendar(holidays));
    expect([published.status, published.body.version]).to.deep.equal([201, 2]);
    expect(published.body.casesUpdated).to.be.at.least(2);

    const moved = await deadline(pendingId);
    expect(moved.dueAt).to.equal(new Date(Date.parse(pendingBefore.dueAt) + DAY).toISOString());
    expect(moved.explain).to.include(`skipping ${Number(holidays[1].date.slice(8))} `);
    const update = (await trail(pendingId)).find((e) => e.type === 'calendar_updated')!;
    expect(update.data).to.deep.include({ calendar: { key: 'every-day', version: 2 } });
    expect((update.data.moved as { deadline: { dueAt: string } }).deadline.dueAt).to.equal(moved.dueAt);

    const stayed = await deadline(passedId);
    expect([stayed.dueAt, stayed.breached]).to.deep.equal([passedBefore.dueAt, true]);
    expect((await trail(passedId)).find((e) => e.type === 'calendar_updated')?.data.moved).to.deep.equal({});
    expect((await view(passedId)).calendar).to.deep.equal({ key: 'every-day', version: 2 });

    // Publishing the same version again sends it to no case twice.
    const again = await sys.http.put('/calendars/every-day', calendar(holidays));
    expect([again.status, again.body.casesUpdated]).to.deep.equal([200, 0]);
  });

  it('a supervisor extends a deadline with a reason, as many times as the definition allows, in the trail and the report', async () => {
    const id = await toAssessment(sys, 'working-case');
    // Its clock stops while the case is on hold, and the words say for what and for how long.
    await ok(sys, `/cases/${id}/hold`, { reason: 'Waiting for records' });
    const held = (await view(id)).clocks as Array<{ kind: string; stopped?: { reason: string } }>;
    expect(held.find((c) => c.kind === 'deadline')?.stopped?.reason).to.equal('Waiting for records');
    await advance(60 * MINUTE);
    await ok(sys, `/cases/${id}/resume`, {});
    const before = await deadline(id);
    expect(before.explain).to.include('; stopped 1 hour on hold: due ');
    expect(((await view(id)).clocks as Array<{ stopped?: object }>).every((c) => c.stopped === undefined)).to.equal(true);
    const manager = await sys.addUser({ roles: ['case_manager'], teams: ['default'] });
    const refused = await sys.as(manager).post(`/cases/${id}/deadline/extend`, { by: '2 working days', reason: 'Records are late' });
    expect(refused.status).to.equal(403);
    const noReason = await sys.http.post(`/cases/${id}/deadline/extend`, { by: '2 working days', reason: '' });
    expect([noReason.status, noReason.body.errors?.[0]?.field]).to.deep.equal([422, 'reason']);
    const badSpan = await sys.http.post(`/cases/${id}/deadline/extend`, { by: 'two days', reason: 'Records are late' });
    expect([badSpan.status, badSpan.body.errors?.[0]?.field]).to.deep.equal([422, 'by']);

    const extended = await ok(sys, `/cases/${id}/deadline/extend`, { by: '2 working days', reason: 'Records are late' });
    const d = extended.deadlines.find((x: Deadline) => x.phase === 'assessment') as Deadline;
    const calendarNow = { ...rules, holidays: (await sys.http.get('/calendars/every-day')).body.calendar.holidays };
    expect(d.dueAt).to.equal(extendDue(before.dueAt, '2 working days', calendarNow));
    expect(d.extensions).to.have.length(1);
    expect(d.extensions![0]).to.deep.include({ by: '2 working days', reason: 'Records are late' });
    expect(d.explain).to.match(/; extended by 2 working days: due /);
    expect((await trail(id)).filter((e) => e.type === 'deadline_extended')).to.have.length(1);

    const twice = await sys.http.post(`/cases/${id}/deadline/extend`, { by: 'P1D', reason: 'Still late' });
    expect(twice.status).to.equal(409);
    expect(twice.body.detail).to.match(/allows 1 extension/);

    // The case's report is made from the view as recorded, with the extension in it.
    const report = computeCaseReport((await readFoldedCase(sys.db, id))!, await readTrail(sys.db, id));
    expect(report.deadlines.items[0].extensions).to.deep.equal([{ by: '2 working days', reason: 'Records are late', actor: sys.admin.id, at: (d.extensions![0] as unknown as { at: string }).at }]);
  });

  it('takes working time in a task due date, and refuses one it cannot count', async () => {
    const id = await toAssessment(sys, 'working-case');
    await ok(sys, `/cases/${id}/assessment`, { data: { severity: 1, housing_risk: false } });
    const wrong = await sys.http.post(`/cases/${id}/plan`, { tasks: [{ title: 'Call the landlord', due: '2 working dayz' }] });
    expect([wrong.status, wrong.body.errors?.[0]?.field]).to.deep.equal([422, 'tasks.0.due']);
    const planned = await ok(sys, `/cases/${id}/plan`, { tasks: [{ title: 'Call the landlord', due: '2 working days' }] });
    const task = planned.tasks.find((t: { title: string }) => t.title === 'Call the landlord');
    expect(task.explain).to.match(/^2 working days from .*: due \w{3} \d{1,2} \w{3} 17:00$/);
    expect(Date.parse(task.due) % DAY).to.equal(17 * 60 * MINUTE);
  });
});
