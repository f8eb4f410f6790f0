/** The report routes over HTTP, on reports seeded through the store: every format, and the refusals. */
import { expect } from 'chai';
import { computeCaseReport } from '../../reports/case-report';
import { saveCaseRecord } from '../../store/cases';
import { saveCaseReport } from '../../store/reports';
import { startSystem, type TestSystem } from '../helpers/system';
import { caseRow, caseView, deadlines, followUps } from '../fixtures/reports';

describe('reports over HTTP', () => {
  let sys: TestSystem;
  const id = 'report-case-000001';
  const waiting = 'report-case-000002';

  before(async () => {
    sys = await startSystem();
    const view = caseView({
      id,
      definition: 'report-case',
      openedAt: '2024-03-01T09:00:00.000Z',
      closure: 'completed',
      legs: [
        { phase: 'screening', hours: 4 },
        { phase: 'assessment', hours: 20 },
        { phase: 'evaluation', hours: 6 },
      ],
      overrides: {
        title: '<script>alert("x")</script> Housing',
        deadlines: deadlines('assessment', 1, 1, '2024-03-02T09:00:00.000Z'),
        followUps: followUps(2, 1, '2024-03-02T09:00:00.000Z'),
        forms: { evaluation: { satisfaction: 5, cost: 80, remark: 'a, "quoted" <b>remark</b>' } },
      },
    });
    await saveCaseRecord(sys.db, caseRow(view), []);
    await saveCaseReport(sys.db, computeCaseReport(view, []), '2024-03-02T16:00:00.000Z');
    const open = caseView({ id: waiting, definition: 'report-case', openedAt: '2024-03-03T09:00:00.000Z', legs: [{ phase: 'assessment', hours: 1 }] });
    await saveCaseRecord(sys.db, caseRow(open), []);
  });
  after(async () => sys?.stop());

  it('serves a case report as JSON, CSV and HTML', async () => {
    const json = await sys.http.get(`/cases/${id}/report`);
    expect(json.status).to.equal(200);
    expect(json.headers.get('content-type')).to.match(/^application\/json/);
    expect(json.body).to.deep.include({ caseId: id, cycleHours: 30, satisfaction: 5, cost: 80, producedAt: '2024-03-02T16:00:00.000Z' });

    const csv = await sys.http.get(`/cases/${id}/report?format=csv`);
    expect(csv.status).to.equal(200);
    expect(csv.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
    expect(csv.body.split('\r\n')).to.include.members(['section,name,value,share,visits', 'evaluation,remark,"a, ""quoted"" <b>remark</b>",,', 'phase,assessment,20,0.6667,1']);

    const html = await sys.http.get(`/cases/${id}/report?format=html`);
    expect(html.status).to.equal(200);
    expect(html.headers.get('content-type')).to.equal('text/html; charset=utf-8');
    expect(html.headers.get('content-security-policy')).to.include("default-src 'none'");
    expect(html.body).to.include('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Housing');
    expect(html.body).not.to.include('<script');
  });

  it('answers 404 until a case has a report, saying when one is made', async () => {
    const res = await sys.http.get(`/cases/${waiting}/report`);
    expect(res.status).to.equal(404);
    expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(res.body.detail).to.include('produced when the case reaches evaluation');
    expect((await sys.http.get('/cases/report-case-000404/report')).status).to.equal(404);
  });

  it('serves the portfolio as JSON, CSV and HTML', async () => {
    const json = await sys.http.get('/reports/portfolio?from=2024-03-01&to=2024-03-31&definition=report-case');
    expect(json.status).to.equal(200);
    expect(json.body).to.deep.include({ cases: 2, reported: 1 });
    expect(json.body.byStatus).to.deep.equal({ open: 1, on_hold: 0, closed: 1 });
    expect(json.body.deadlines).to.deep.equal({ met: 1, missed: 1, breachRate: 0.5 });
    expect(json.body.cost).to.deep.equal({ cases: 1, total: 80, average: 80 });

    const csv = await sys.http.get('/reports/portfolio?definition=report-case&format=csv');
    expect(csv.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
    expect(csv.body.split('\r\n')).to.include.members(['section,name,value,p50_hours,p90_hours', 'metric,cases,2,,', 'cycle_time,overall,1,30,30']);

    const html = await sys.http.get('/reports/portfolio?definition=report-case&format=html');
    expect(html.headers.get('content-type')).to.equal('text/html; charset=utf-8');
    expect(html.body).to.include('<svg').and.to.include('Cases by phase');
  });

  it('refuses bad report queries with 422 naming the field', async () => {
    const cases: [string, string][] = [
      ['/reports/portfolio?from=2024-13-01', 'query.from'],
      ['/reports/portfolio?from=2024-03-02&to=2024-03-01', 'query.to'],
      ['/reports/portfolio?format=pdf', 'query.format'],
      ['/reports/portfolio?team=no%20such', 'query.team'],
      [`/cases/${id}/report?format=xml`, 'query.format'],
    ];
    for (const [path, field] of cases) {
      const res = await sys.http.get(path);
      expect(res.status, path).to.equal(422);
      expect(res.body.errors.map((e: { field: string }) => e.field), path).to.include(field);
    }
  });
});
