/**
 * The console's case pages in a real browser: a case opened through its intake form, the case
 * page, not-found for other teams, the case list's search, filters, sort and paging in the URL,
 * saved views shared with a team, and My work. Every page is checked with axe in each state.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { quickCase } from '../fixtures/definitions';
import { intake } from '../helpers/cases';
import { eventually } from '../helpers/eventually';
import { addPerson, contexts, expectAccessible, expectNoSideScroll, scriptBytes, screenshot, signIn, type Person } from '../helpers/browser';
import { startSystem, type TestSystem } from '../helpers/system';

describe('console: cases', () => {
  let sys: TestSystem;
  let casey: Person;
  let vera: Person;
  let otto: Person;
  const browser = contexts();
  const opened: string[] = [];
  before(async () => {
    sys = await startSystem({ definitions: [quickCase] });
    casey = await addPerson(sys, { roles: ['case_manager'], teams: ['team-a'], name: 'Casey Manager' });
    vera = await addPerson(sys, { roles: ['viewer'], teams: ['team-a'], name: 'Vera Viewer' });
    otto = await addPerson(sys, { roles: ['case_manager'], teams: ['team-b'], name: 'Otto Outside' });
    // 27 cases: more than a page of the list, two in assessment, one about Ada Lovelace.
    for (let i = 1; i <= 27; i++) {
      const subject = i === 7 ? 'Ada Lovelace' : `Client ${i}`;
      const res = await sys.http.post('/cases', { definition: 'quick-case', title: `Support request ${String(i).padStart(2, '0')}`, subject, intake });
      expect(res.status).to.equal(201);
      opened.push(res.body.id);
    }
    for (const id of opened.slice(0, 2)) expect((await sys.http.post(`/cases/${id}/screening`, { decision: 'accept', reason: 'Fits' })).status).to.equal(200);
  });
  afterEach(() => browser.closeAll());
  after(async () => sys?.stop());

  /** Each page checked at once: no accessibility violation, no sideways scrolling, little script. */
  async function checkPage(page: Page, state: string): Promise<void> {
    await expectAccessible(page, state);
    await expectNoSideScroll(page, state);
    expect(await scriptBytes(page), `${state}: script`).to.be.within(1, 150 * 1024);
  }

  const rowsOf = (page: Page) => page.getByRole('table', { name: 'Cases matching the filter' }).getByRole('row');

  it('opens a case through its intake form after a first attempt with a field error, lands on its page, and lists it in My work', async () => {
    const page = await browser.page({ timezoneId: 'America/New_York' });
    await signIn(page, sys, casey);
    await page.getByRole('heading', { name: 'My work' }).waitFor();
    await page.getByText('No open case is assigned to you.').waitFor();
    await checkPage(page, 'my work, empty');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New case' }).click();
    await checkPage(page, 'new case, choosing the type');
    await page.getByRole('link', { name: 'Quick case' }).click();
    await page.getByRole('heading', { name: 'New case: Quick case' }).waitFor();
    await checkPage(page, 'new case, empty form');
    await page.getByLabel('Title').fill('Housing support for Grace');
    await page.getByLabel('Assign to').selectOption({ label: 'Me (Casey Manager)' });
    await page.getByLabel('Client name').fill('G');
    await page.getByRole('group', { name: 'Eligible' }).getByLabel('Yes').check();
    await page.getByRole('button', { name: 'Open case' }).click();

    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await page.getByRole('link', { name: 'Client name: must be at least 2 characters long' }).waitFor();
    await page.getByText('Error: must be at least 2 characters long').waitFor();
    const clientName = page.getByLabel('Client name');
    expect(await clientName.getAttribute('aria-invalid')).to.equal('true');
    expect(await clientName.inputValue()).to.equal('G');
    expect(await page.getByLabel('Title').inputValue()).to.equal('Housing support for Grace');
    await checkPage(page, 'new case, with a field error');
    await screenshot(page, 'new-case-error');

    await clientName.fill('Grace Hopper');
    await page.getByRole('button', { name: 'Open case' }).click();
    await page.getByRole('heading', { name: 'Housing support for Grace' }).waitFor();
    const header = page.getByRole('definition');
    const id = new URL(page.url()).pathname.split('/').pop()!;
    expect(id).to.match(/^quick-case-\d{6}$/);
    await header.getByText(id, { exact: true }).waitFor();
    await page.getByText('Casey Manager', { exact: true }).first().waitFor();
    await page.getByText('team-a', { exact: true }).waitFor();
    await page.getByText('Not assessed').waitFor();
    await page.getByText('Grace Hopper').waitFor();
    await page.getByRole('list').filter({ hasText: 'Case opened' }).waitFor();
    await page.getByText('Times are shown in America/New_York.').waitFor();
    expect(await page.locator('time').first().innerText()).to.match(/EST|EDT|GMT-[45]/);
    await checkPage(page, 'case page, with data');
    await screenshot(page, 'case-page');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My work' }).click();
    await page.getByRole('link', { name: 'Housing support for Grace' }).waitFor();
    await checkPage(page, 'my work, with a case');
    await screenshot(page, 'my-work');
  });

  it('shows a person of another team the same not-found page as for a case that does not exist', async () => {
    const page = await browser.page();
    await signIn(page, sys, otto);
    const visit = async (path: string) => {
      const response = await page.goto(sys.url + path);
      return { status: response?.status(), text: await page.getByRole('main').innerText() };
    };
    const otherTeams = await visit(`/app/cases/${opened[0]}`);
    const missing = await visit('/app/cases/quick-case-999999');
    expect(otherTeams.status).to.equal(404);
    expect(otherTeams).to.deep.equal(missing);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await checkPage(page, 'not found');
    // The list of cases of team-b shows none of team-a's.
    await page.goto(`${sys.url}/app/cases`);
    await page.getByText('No cases match.').waitFor();
  });

  it('keeps search, filters, sort and paging in the URL, so a bookmark shows the same list', async () => {
    const page = await browser.page();
    await signIn(page, sys, casey, '/app/cases');
    await page.getByRole('heading', { name: 'Cases' }).waitFor();
    expect(await rowsOf(page).count()).to.equal(26); // a header row and a page of 25
    await checkPage(page, 'cases, with data');
    await screenshot(page, 'cases');

    await page.getByLabel('Search').fill('lovelace');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/q=lovelace/);
    await expectRows(page, ['Support request 07']);

    await page.getByLabel('Search').fill('');
    await page.getByLabel('Phase').selectOption({ label: 'Assessment' });
    await page.waitForURL((u) => u.searchParams.get('phase') === 'assessment' && !u.searchParams.has('q'));
    await expectRows(page, ['Support request 02', 'Support request 01']);

    await page.getByLabel('Sort by').selectOption({ label: 'Title, A to Z' });
    await page.waitForURL(/sort=title/);
    await expectRows(page, ['Support request 01', 'Support request 02']);

    await page.goto(`${sys.url}/app/cases?sort=title&q=support%20request`);
    await page.getByRole('link', { name: 'Next page' }).click();
    await page.waitForURL(/cursor=/);
    const second = page.url();
    await expectRows(page, ['Support request 26', 'Support request 27']);
    await page.goto(second);
    await expectRows(page, ['Support request 26', 'Support request 27']);
    await page.getByRole('link', { name: 'First page' }).waitFor();

    await page.goto(`${sys.url}/app/cases?q=nothing-like-this`);
    await page.getByText('No cases match.').waitFor();
    await checkPage(page, 'cases, empty');
    const bad = await page.goto(`${sys.url}/app/cases?due=yesterday`);
    expect(bad?.status()).to.equal(422);
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect(await page.getByLabel('Due by').getAttribute('aria-invalid')).to.equal('true');
    await checkPage(page, 'cases, with a filter error');
  });

  it('shares a saved view with a team: a team member finds it and sees its list, another team does not', async () => {
    const page = await browser.page();
    await signIn(page, sys, casey, '/app/cases?phase=assessment');
    await page.getByLabel('Name of the view').fill('Assessment queue');
    await page.getByLabel('Share with').selectOption({ label: 'Team team-a' });
    await page.getByRole('button', { name: 'Save view' }).click();
    await page.getByRole('link', { name: 'Assessment queue' }).waitFor();

    const colleague = await browser.page();
    await signIn(colleague, sys, vera, '/app/cases');
    const view = colleague.getByRole('listitem').filter({ hasText: 'Assessment queue' });
    await view.getByText('shared with team-a').waitFor();
    await view.getByRole('link', { name: 'Assessment queue' }).click();
    await colleague.waitForURL((u) => u.searchParams.get('phase') === 'assessment');
    await expectRows(colleague, ['Support request 02', 'Support request 01']);
    expect(await colleague.getByLabel('Phase').inputValue()).to.equal('assessment');

    const outsider = await browser.page();
    await signIn(outsider, sys, otto, '/app/cases');
    await outsider.getByText('No saved views yet.').waitFor();
  });

  it('fits a phone and a window zoomed to 200% on every page, without scrolling sideways', async () => {
    for (const viewport of [{ width: 375, height: 740 }, { width: 640, height: 400 }]) {
      const page = await browser.page({ viewport });
      await signIn(page, sys, casey);
      for (const path of ['/app/my-work', '/app/cases', '/app/cases/new?definition=quick-case', `/app/cases/${opened[0]}`]) {
        await page.goto(sys.url + path);
        await expectNoSideScroll(page, `${path} at ${viewport.width} px`);
      }
    }
  });

  /** The list shows these cases, in this order, once htmx has swapped the results in. */
  async function expectRows(page: Page, titles: string[]): Promise<void> {
    const links = page.getByRole('table', { name: 'Cases matching the filter' }).getByRole('link');
    await eventually(async () => expect(await links.allInnerTexts()).to.deep.equal(titles), 5_000, 100);
  }
});
