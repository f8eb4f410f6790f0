/**
 * The dashboard in a real browser: for two filters, every figure's link opens the case list of
 * exactly its cases (the list's total equals the figure), the figures agree with the portfolio
 * report, a bar of a chart opens its list, and the CSV holds what the page shows.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { quickCase, timedCase } from '../fixtures/definitions';
import { ok, openCase, toAssessment } from '../helpers/cases';
import { eventually } from '../helpers/eventually';
import { fullLifecycle } from '../helpers/scenarios';
import { addPerson, contexts, expectAccessible, expectNoSideScroll, scriptBytes, screenshot, signIn, type Person } from '../helpers/browser';
import { startSystem, type TestSystem } from '../helpers/system';

const teamBCase = { ...timedCase, key: 'team-b-case', name: 'Team B case', team: 'team-b' };

describe('console: dashboard', () => {
  let sys: TestSystem;
  let sam: Person;
  const browser = contexts();
  before(async () => {
    sys = await startSystem({ definitions: [quickCase, teamBCase] });
    sam = await addPerson(sys, { roles: ['supervisor'], teams: ['team-a', 'team-b'], name: 'Sam Supervisor' });
    // team-a: one in screening, two in assessment, one screened out, one through its whole life (with a report).
    await openCase(sys);
    await toAssessment(sys);
    await toAssessment(sys);
    const out = (await openCase(sys)).id;
    await ok(sys, `/cases/${out}/screening`, { decision: 'reject', reason: 'Not for us' });
    await fullLifecycle(sys);
    // team-b: two in assessment whose 3-second deadline passes, so they are overdue and breached.
    const late = [await toAssessment(sys, 'team-b-case'), await toAssessment(sys, 'team-b-case')];
    await openCase(sys, 'team-b-case');
    await eventually(async () => {
      for (const id of late) expect((await sys.http.get(`/cases/${id}`)).body.breached).to.equal(true);
    }, 20_000);
  });
  afterEach(() => browser.closeAll());
  after(async () => sys?.stop());

  async function checkPage(page: Page, state: string): Promise<void> {
    await expectAccessible(page, state);
    await expectNoSideScroll(page, state);
    expect(await scriptBytes(page), `${state}: script`).to.be.within(1, 150 * 1024);
  }

  /** Every figure link of the page: its text (a number) and where it leads. */
  const figureLinks = (page: Page) =>
    page.$$eval('main a[href^="/app/cases"]', (links) => links.map((a) => ({ text: (a.querySelector('.tile-value') ?? a).textContent ?? '', href: a.getAttribute('href') ?? '', label: a.getAttribute('aria-label') ?? a.textContent ?? '' })));

  const listTotal = async (page: Page, href: string) => {
    await page.goto(sys.url + href);
    const text = await page.locator('.result-total').innerText();
    return Number(/^(\d+) case/.exec(text)?.[1]);
  };

  for (const filter of [{ team: 'team-a' }, { team: 'team-b', definition: 'team-b-case' }] as Array<Record<string, string>>) {
    it(`leads from every figure to a list of exactly its cases, and agrees with the portfolio report (${JSON.stringify(filter)})`, async () => {
      const page = await browser.page();
      await signIn(page, sys, sam);
      const query = new URLSearchParams(filter).toString();
      await page.goto(`${sys.url}/app/dashboard?${query}`);
      await page.getByRole('heading', { name: 'Open cases by phase' }).waitFor();
      await page.locator('.chart canvas').first().waitFor();
      await checkPage(page, `dashboard ${query}`);
      if (filter.team === 'team-a') await screenshot(page, 'dashboard');
      const links = await figureLinks(page);
      const numeric = links.filter((l) => /^\d+$/.test(l.text.trim()));
      expect(numeric.length).to.be.greaterThan(30);
      const figure = (label: RegExp) => Number(numeric.find((l) => label.test(l.label))!.text);
      for (const link of numeric) {
        expect(await listTotal(page, link.href), `${link.label} → ${link.href}`).to.equal(Number(link.text));
        expect(link.href).to.include(`team=${filter.team}`);
      }
      const reportedHref = links.find((l) => l.href.includes('reported=true'))!.href;
      const from = new URL(reportedHref, sys.url).searchParams.get('openedAfter')!;
      const before = new URL(reportedHref, sys.url).searchParams.get('openedBefore')!;
      const portfolio = (await sys.http.get(`/reports/portfolio?${query}&from=${from}&to=${new Date(Date.parse(before) - 1).toISOString()}`)).body;
      const allTime = (await sys.http.get(`/reports/portfolio?${query}`)).body;
      const opened = numeric.filter((l) => l.href.includes('openedAfter') && !l.href.includes('reported')).reduce((n, l) => n + Number(l.text), 0);
      expect(opened, 'opened per week adds up to the portfolio').to.equal(portfolio.cases);
      for (const phase of ['screening', 'assessment']) expect(figure(new RegExp(`cases: ${phase}$`, 'i')), phase).to.equal(allTime.byPhase[phase]);
      expect(await listTotal(page, reportedHref)).to.equal(portfolio.reported);
      // Cycle time per phase counts the phases completed in the period, as the portfolio report does.
      const completed = numeric.filter((l) => l.label.startsWith('Cases that completed'));
      expect(completed.map((l) => Number(l.text))).to.deep.equal(portfolio.cycleTime.byPhase.map((c: { cases: number }) => c.cases));
      if (filter.team === 'team-a') {
        // Screening was completed by the three cases screened in, the one screened out and the one through its whole life.
        expect(figure(/^Cases that completed Screening in the period/)).to.equal(4);
        expect(completed.length).to.be.greaterThan(3);
        // A period that ended yesterday holds none of the phases completed today.
        const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
        await page.goto(`${sys.url}/app/dashboard?${query}&from=${new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10)}&to=${yesterday}`);
        await page.getByRole('heading', { name: 'Cycle time per phase' }).waitFor();
        expect(await page.getByRole('link', { name: /^Cases that completed/ }).count()).to.equal(0);
        expect(figure(/cases: Assessment$/)).to.equal(2);
        expect(portfolio.reported).to.equal(1);
        expect(figure(/cases: Screening$/)).to.equal(1);
      } else {
        expect(figure(/cases: Overdue$/)).to.equal(2);
        expect(figure(/cases: Deadline breached$/)).to.equal(2);
      }
    });
  }

  it('opens the list of a bar when it is clicked, and exports the figures as CSV', async () => {
    const page = await browser.page();
    await signIn(page, sys, sam);
    await page.goto(`${sys.url}/app/dashboard?team=team-a`);
    const over = page.locator('#chart-phase .u-over');
    await over.waitFor();
    const box = (await over.boundingBox())!;
    // Nine phases as bars; the second is assessment.
    await over.click({ position: { x: (box.width * 1.5) / 9, y: box.height - 5 } });
    await page.waitForURL(/phase=assessment/);
    expect(await page.locator('.result-total').innerText()).to.equal('2 cases in all.');

    const csv = await page.request.get(`${sys.url}/app/dashboard.csv?team=team-a`);
    expect(csv.status()).to.equal(200);
    const text = await csv.text();
    expect(text.split('\r\n')[0]).to.equal('widget,item,value,cases');
    expect(text).to.match(/open cases by phase,assessment,2,\/app\/cases\?team=team-a&phase=assessment&open=true/);
    const bad = await page.goto(`${sys.url}/app/dashboard?from=2025-13-01`);
    expect(bad?.status()).to.equal(422);
    await page.getByRole('link', { name: 'Period from: must be a date such as 2024-05-31' }).waitFor();
    await checkPage(page, 'dashboard, with an error');
  });

  it('shows the portfolio report and each evaluated case\'s report in the page, with CSV downloads the same as the API\'s', async () => {
    const page = await browser.page();
    await signIn(page, sys, sam, '/app/reports?team=team-a');
    await page.getByRole('heading', { name: 'Portfolio' }).waitFor();
    const from = await page.getByLabel('Opened from').inputValue();
    const to = await page.getByLabel('Opened to').inputValue();
    await page.getByText('5 cases opened in the period; 1 evaluated, whose reports give the figures below.').waitFor();
    await checkPage(page, 'reports');
    await screenshot(page, 'reports');
    const csv = await page.request.get(`${sys.url}/app/reports/portfolio.csv?team=team-a&from=${from}&to=${to}`);
    const api = await sys.http.get(`/reports/portfolio?format=csv&team=team-a&from=${from}&to=${to}`);
    expect(await csv.text()).to.equal(api.body);
    const link = page.getByRole('link', { name: /\(quick-case-\d{6}\)$/ });
    const id = /\((quick-case-\d{6})\)$/.exec(await link.innerText())![1];
    await link.click();
    await page.getByRole('heading', { name: /^Report of / }).waitFor();
    await page.getByRole('table', { name: 'Time per phase' }).waitFor();
    await checkPage(page, 'a case report');
    const caseCsv = await page.request.get(`${sys.url}/app/reports/cases/${id}/csv`);
    expect(await caseCsv.text()).to.equal((await sys.http.get(`/cases/${id}/report?format=csv`)).body);
  });
});
