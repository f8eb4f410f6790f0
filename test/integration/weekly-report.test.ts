/** The weekly portfolio e-mail: its schedule is made once however often the system starts, and a run mails the report. */
import { expect } from 'chai';
import { ScheduleNotFoundError } from '@temporalio/client';
import { saveCaseRecord } from '../../store/cases';
import { ensureWeeklyReportSchedule, WEEKLY_REPORT_CRON, WEEKLY_REPORT_SCHEDULE_ID } from '../../worker/schedules';
import { eventually } from '../helpers/eventually';
import { startSystem, type TestSystem } from '../helpers/system';
import { caseRow, caseView } from '../fixtures/reports';

describe('weekly portfolio report by e-mail', () => {
  let sys: TestSystem;
  const to = 'reports@example.org';

  async function removeSchedule(): Promise<void> {
    await sys.env.client.schedule
      .getHandle(WEEKLY_REPORT_SCHEDULE_ID)
      .delete()
      .catch((err) => {
        if (!(err instanceof ScheduleNotFoundError)) throw err;
      });
  }

  before(async () => {
    sys = await startSystem();
    await removeSchedule();
    const openedAt = new Date(Date.now() - 2 * 86_400_000).toISOString();
    for (const [n, phase] of [[1, 'assessment'], [2, 'planning'], [3, 'planning']] as const) {
      const view = caseView({ id: `weekly-case-00000${n}`, definition: 'weekly-case', openedAt, legs: [{ phase, hours: 1 }] });
      await saveCaseRecord(sys.db, caseRow(view), []);
    }
    // Opened long before the window: not in this week's report.
    const old = caseView({ id: 'weekly-case-000004', definition: 'weekly-case', openedAt: '2020-01-06T09:00:00.000Z', legs: [{ phase: 'screening', hours: 1 }] });
    await saveCaseRecord(sys.db, caseRow(old), []);
  });
  after(async () => {
    if (sys) await removeSchedule();
    await sys?.stop();
  });

  it('makes no schedule without a recipient', async () => {
    expect(await ensureWeeklyReportSchedule(sys.env.client, { taskQueue: sys.taskQueue, reports: {} })).to.equal(undefined);
  });

  it('keeps one schedule however often it is ensured, and mails the portfolio when it runs', async () => {
    const config = { taskQueue: sys.taskQueue, reports: { emailTo: to } };
    const first = await ensureWeeklyReportSchedule(sys.env.client, config);
    const second = await ensureWeeklyReportSchedule(sys.env.client, config);
    expect(first?.scheduleId).to.equal(WEEKLY_REPORT_SCHEDULE_ID);
    expect(second?.scheduleId).to.equal(WEEKLY_REPORT_SCHEDULE_ID);

    const described = await second!.describe();
    expect(described.spec.calendars?.length ?? 0).to.equal(1);
    expect(described.spec.calendars![0]).to.deep.include({ hour: [{ start: 7, end: 7, step: 1 }], minute: [{ start: 0, end: 0, step: 1 }] });
    expect(described.action).to.deep.include({ type: 'startWorkflow', workflowType: 'portfolioReportWorkflow', taskQueue: sys.taskQueue });
    expect(described.action.args).to.deep.equal([{ to, days: 7 }]);
    expect(WEEKLY_REPORT_CRON).to.equal('0 7 * * 1');
    const ids = await eventually(async () => {
      const found: string[] = [];
      for await (const s of sys.env.client.schedule.list()) if (s.scheduleId === WEEKLY_REPORT_SCHEDULE_ID) found.push(s.scheduleId);
      if (found.length === 0) throw new Error('the schedule is not listed yet');
      return found;
    });
    expect(ids).to.deep.equal([WEEKLY_REPORT_SCHEDULE_ID]);

    await second!.trigger();
    const mail = await eventually(async () => {
      const m = sys.smtp!.messages.find((x) => x.to.includes(to));
      if (!m) throw new Error('no report e-mail yet');
      return m;
    }, 60_000);
    expect(mail.subject).to.match(/^Portfolio report: 3 cases opened \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}$/);
    expect(mail.text).to.include('Cases: 3').and.to.include('planning 2');
    expect(mail.html).to.be.a('string');
    expect(mail.html).to.include('Portfolio report').and.to.include('Cases by phase').and.to.include('<svg');
    expect(mail.messageId).to.match(/^<report-[0-9a-f]{32}@casework>$/);
    expect(sys.smtp!.messages.filter((x) => x.to.includes(to))).to.have.length(1);
  });
});
