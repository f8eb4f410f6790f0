/**
 * The case page at work in a real browser: a case driven from intake to closed through the pages
 * alone (by mouse, and by keyboard alone with visible focus), each action form's error beside its
 * field, documents up and down, another team's not-found, a stale action's 409, changes made
 * through the API showing on open pages, and My work's tasks. Every state is checked with axe.
 */
import fs from 'node:fs';
import { expect } from 'chai';
import type { Locator, Page } from 'playwright-core';
import { quickCase } from '../fixtures/definitions';
import { intake } from '../helpers/cases';
import { eventually } from '../helpers/eventually';
import { addPerson, contexts, expectAccessible, expectNoSideScroll, tabTo, scriptBytes, screenshot, signIn, type Person } from '../helpers/browser';
import { startSystem, type TestSystem } from '../helpers/system';

describe('console: working a case', () => {
  let sys: TestSystem;
  let casey: Person;
  let sue: Person;
  let cora: Person;
  let otto: Person;
  const browser = contexts();
  before(async () => {
    sys = await startSystem({ definitions: [quickCase] });
    casey = await addPerson(sys, { roles: ['case_manager'], teams: ['team-a'], name: 'Casey Manager' });
    sue = await addPerson(sys, { roles: ['supervisor'], teams: ['team-a'], name: 'Sue Supervisor' });
    cora = await addPerson(sys, { roles: ['caseworker'], teams: ['team-a'], name: 'Cora Worker' });
    otto = await addPerson(sys, { roles: ['case_manager'], teams: ['team-b'], name: 'Otto Outside' });
  });
  afterEach(() => browser.closeAll());
  after(async () => sys?.stop());

  async function checkPage(page: Page, state: string): Promise<void> {
    await expectAccessible(page, state);
    await expectNoSideScroll(page, state);
    expect(await scriptBytes(page), `${state}: script`).to.be.within(1, 150 * 1024);
  }

  async function apiCase(title: string, extra: Record<string, unknown> = {}): Promise<string> {
    const res = await sys.http.post('/cases', { definition: 'quick-case', title, intake, ...extra });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body.id as string;
  }
  async function api(path: string, body: unknown = {}): Promise<void> {
    const res = await sys.http.post(path, body);
    expect(res.status, `${path}: ${JSON.stringify(res.body)}`).to.equal(200);
  }

  const form = (page: Page, name: string) => page.getByRole('form', { name, exact: true });
  /** The field's error, shown beside it: in the same field block, and named by its aria-describedby. */
  async function expectErrorBeside(field: Locator, message: string): Promise<void> {
    await expect(await field.getAttribute('aria-invalid')).to.equal('true');
    const described = (await field.getAttribute('aria-describedby')) ?? '';
    const texts = await Promise.all(described.split(' ').filter(Boolean).map((id) => field.page().locator(`[id="${id}"]`).innerText()));
    expect(texts.join(' | ')).to.contain(message);
  }
  /** A closed case takes no command; what any case takes, a link to another, is all that is offered. */
  async function expectOnlyLinkOffered(page: Page): Promise<void> {
    await phaseNow(page).filter({ hasText: /^Closed$/ }).waitFor();
    const offered = page.getByRole('region', { name: 'What you can do now' }).getByRole('form');
    expect(await offered.evaluateAll((forms) => forms.map((f) => f.getAttribute('aria-label')))).to.deep.equal(['Link to another case']);
  }
  const phaseNow = (page: Page) => page.getByRole('list', { name: 'Phases of the case' }).locator('[aria-current="step"] .phase-name');

  it('drives a case from intake to closed through the pages alone, each action form showing its error beside its field', async () => {
    const page = await browser.page();
    await signIn(page, sys, casey);
    await page.goto(`${sys.url}/app/cases/new?definition=quick-case`);
    await page.getByLabel('Title').fill('Support for Alan');
    await page.getByLabel('Assign to').selectOption({ label: 'Me (Casey Manager)' });
    await page.getByLabel('Client name').fill('Alan Turing');
    await page.getByRole('group', { name: 'Eligible' }).getByLabel('Yes').check();
    await page.getByRole('button', { name: 'Open case' }).click();
    await page.getByRole('heading', { name: 'Support for Alan' }).waitFor();
    const caseUrl = page.url().replace(/\?.*$/, '');
    expect(await phaseNow(page).innerText()).to.equal('Screening');
    await checkPage(page, 'case page, screening');

    // Screening: a decision without its reason.
    await form(page, 'Screening decision').getByLabel('Decision').selectOption({ label: 'Accept' });
    await form(page, 'Screening decision').getByRole('button', { name: 'Record the screening decision' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await expectErrorBeside(form(page, 'Screening decision').getByLabel('Reason'), 'is required');
    expect(await form(page, 'Screening decision').getByLabel('Decision').inputValue()).to.equal('accept');
    await checkPage(page, 'case page, a form with an error');
    await form(page, 'Screening decision').getByLabel('Reason').fill('Within scope');
    await form(page, 'Screening decision').getByRole('button', { name: 'Record the screening decision' }).click();

    // Assessment: a severity out of its bounds.
    await form(page, 'Assessment').waitFor();
    await form(page, 'Assessment').getByLabel('Severity').fill('9');
    await form(page, 'Assessment').getByRole('button', { name: 'Record the assessment' }).click();
    await expectErrorBeside(form(page, 'Assessment').getByLabel('Severity'), 'at most 5');
    expect(await form(page, 'Assessment').getByLabel('Severity').inputValue()).to.equal('9');
    await form(page, 'Assessment').getByLabel('Severity').fill('1');
    await form(page, 'Assessment').getByRole('button', { name: 'Record the assessment' }).click();

    // Planning: the proposed plan is filled in; a task with a role that is none.
    await form(page, 'Plan').waitFor();
    expect(await form(page, 'Plan').getByLabel('Goals').inputValue()).to.equal('Stay stable');
    const tasks = form(page, 'Plan').getByLabel('Tasks');
    expect(await tasks.inputValue()).to.equal('Check in | caseworker | P7D');
    await tasks.fill('Check in | janitor | P7D');
    await form(page, 'Plan').getByRole('button', { name: 'Make the plan' }).click();
    await expectErrorBeside(form(page, 'Plan').getByLabel('Tasks'), 'line 1:');
    await form(page, 'Plan').getByLabel('Tasks').fill('Check in | case_manager | P7D');
    await form(page, 'Plan').getByRole('button', { name: 'Make the plan' }).click();

    // Implementation: the task is completed with its button, and a note is added.
    await page.getByRole('button', { name: 'Complete Check in' }).click();
    await page.getByText('Done: task t1 completed.').waitFor();
    await form(page, 'New note').getByLabel('Note').fill('Spoke with Alan on the phone.');
    await form(page, 'New note').getByRole('button', { name: 'Add the note' }).click();
    await page.getByText('Spoke with Alan on the phone.').first().waitFor();
    await checkPage(page, 'case page, implementation with a done task and a note');
    await screenshot(page, 'case-page-working');

    // Follow-up: an outcome is needed.
    await form(page, 'Follow-up').getByRole('button', { name: 'Record the follow-up' }).click();
    await expectErrorBeside(form(page, 'Follow-up').getByLabel('Outcome'), 'is required');
    await form(page, 'Follow-up').getByLabel('Outcome').selectOption({ label: 'Goals met' });
    await form(page, 'Follow-up').getByRole('button', { name: 'Record the follow-up' }).click();

    // Transition, contact (after its delay, which the open page shows by itself) and evaluation.
    await form(page, 'Transition').getByRole('button', { name: 'Record the transition' }).click();
    await expectErrorBeside(form(page, 'Transition').getByLabel('Destination'), 'is required');
    await form(page, 'Transition').getByLabel('Destination').fill('Community support');
    await form(page, 'Transition').getByRole('button', { name: 'Record the transition' }).click();
    await form(page, 'Post-transition contact').waitFor();
    await form(page, 'Post-transition contact').getByRole('button', { name: 'Record the contact' }).click();
    await form(page, 'Post-transition contact').getByRole('group', { name: 'Doing well' }).getByText('is required').waitFor();
    await form(page, 'Post-transition contact').getByRole('group', { name: 'Doing well' }).getByLabel('Yes').check();
    await form(page, 'Post-transition contact').getByRole('button', { name: 'Record the contact' }).click();
    await form(page, 'Evaluation').getByRole('button', { name: 'Record the evaluation and close the case' }).click();
    await expectErrorBeside(form(page, 'Evaluation').getByLabel('Satisfaction'), 'is required');
    await form(page, 'Evaluation').getByLabel('Satisfaction').fill('4');
    await form(page, 'Evaluation').getByRole('button', { name: 'Record the evaluation and close the case' }).click();

    await expectOnlyLinkOffered(page);
    expect(await phaseNow(page).innerText()).to.equal('Closed');
    expect(await page.getByRole('definition').filter({ hasText: /^Closed$/ }).count()).to.be.greaterThan(0);
    await page.getByText('The trail\'s').waitFor();
    await checkPage(page, 'case page, closed');

    await page.getByRole('link', { name: 'Print view' }).click();
    await page.getByText(/^Printed view of case/).waitFor();
    expect(await page.getByRole('form').count()).to.equal(0);
    await checkPage(page, 'print view');
    await page.goto(caseUrl);
    await page.getByRole('link', { name: 'Case report' }).click();
    await page.getByRole('heading', { name: 'Support for Alan', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).to.equal(`${new URL(caseUrl).pathname}/report`);
  });


  it('drives a case from intake to closed with the keyboard alone, focus always visible', async () => {
    const page = await browser.page();
    await signIn(page, sys, casey);
    const key = (k: string) => page.keyboard.press(k);
    const type = (text: string) => page.keyboard.type(text);

    await tabTo(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New case' }));
    await key('Enter');
    await tabTo(page, page.getByRole('link', { name: 'Quick case' }));
    await key('Enter');
    await tabTo(page, page.getByLabel('Title'));
    await type('Support by keyboard');
    await tabTo(page, page.getByLabel('Client name'));
    await type('Grace Hopper');
    await tabTo(page, page.getByRole('group', { name: 'Eligible' }).getByLabel('Yes'));
    await key('Space');
    await tabTo(page, page.getByRole('button', { name: 'Open case' }));
    await key('Enter');
    await page.getByRole('heading', { name: 'Support by keyboard' }).waitFor();

    const submit = async (formName: string, button: string) => {
      await tabTo(page, form(page, formName).getByRole('button', { name: button }));
      await key('Enter');
    };
    await tabTo(page, form(page, 'Screening decision').getByLabel('Decision'));
    await key('ArrowDown');
    await tabTo(page, form(page, 'Screening decision').getByLabel('Reason'));
    await type('Within scope');
    await submit('Screening decision', 'Record the screening decision');
    await form(page, 'Assessment').waitFor();
    await tabTo(page, form(page, 'Assessment').getByLabel('Severity'));
    await type('2');
    await submit('Assessment', 'Record the assessment');
    await form(page, 'Plan').waitFor();
    await submit('Plan', 'Make the plan');
    await form(page, 'Follow-up').waitFor();
    await tabTo(page, form(page, 'Follow-up').getByLabel('Outcome'));
    await type('Goals');
    await submit('Follow-up', 'Record the follow-up');
    await form(page, 'Transition').waitFor();
    await tabTo(page, form(page, 'Transition').getByLabel('Destination'));
    await type('Back to work');
    await submit('Transition', 'Record the transition');
    await form(page, 'Post-transition contact').waitFor();
    await tabTo(page, form(page, 'Post-transition contact').getByRole('group', { name: 'Doing well' }).getByLabel('Yes'));
    await key('Space');
    await submit('Post-transition contact', 'Record the contact');
    await form(page, 'Evaluation').waitFor();
    await tabTo(page, form(page, 'Evaluation').getByLabel('Satisfaction'));
    await type('5');
    await submit('Evaluation', 'Record the evaluation and close the case');
    await expectOnlyLinkOffered(page);
    expect(await phaseNow(page).innerText()).to.equal('Closed');
  });

  it('shows the error of every other action form beside its field, and holds, resumes, overrides, approves and assigns through them', async () => {
    const id = await apiCase('Supervised case');
    await api(`/cases/${id}/screening`, { decision: 'accept', reason: 'Fits' });
    const page = await browser.page();
    await signIn(page, sys, sue, `/app/cases/${id}`);

    // In assessment the deadline runs; on hold it stops, and runs again on resuming.
    await page.getByText(/Assessment deadline, due .*left\b/).waitFor();
    await form(page, 'Hold').getByRole('button', { name: 'Put the case on hold' }).click();
    await expectErrorBeside(form(page, 'Hold').getByLabel('Reason'), 'is required');
    await form(page, 'Hold').getByLabel('Reason').fill('Waiting for the client to return');
    await form(page, 'Hold').getByRole('button', { name: 'Put the case on hold' }).click();
    await page.getByText(/Assessment deadline, due .*: Stopped while on hold\b/).waitFor();
    expect(await form(page, 'Assessment').count(), 'no assessment while on hold').to.equal(0);
    await checkPage(page, 'case page, on hold');
    await form(page, 'Resume').getByRole('button', { name: 'Resume the case' }).click();
    await page.getByText(/Assessment deadline, due .*left\b/).waitFor();

    await api(`/cases/${id}/assessment`, { data: { severity: 5, housing_risk: true } });
    await api(`/cases/${id}/plan`, {});
    await page.reload();
    await form(page, 'Plan approval').waitFor();

    const empty: Array<[string, string, () => Promise<void>]> = [
      ['Plan approval', 'Record the approval decision', () => form(page, 'Plan approval').getByRole('group', { name: 'Approve the plan' }).getByText('is required').waitFor()],
      ['Risk override', 'Override the risk level', () => expectErrorBeside(form(page, 'Risk override').getByLabel('New risk level'), 'is required')],
      ['New task', 'Add the task', () => expectErrorBeside(form(page, 'New task').getByLabel(/^Task/), 'is required')],
      ['New note', 'Add the note', () => expectErrorBeside(form(page, 'New note').getByLabel('Note'), 'is required')],
      ['Assignment', 'Assign the case', () => expectErrorBeside(form(page, 'Assignment').getByLabel('Assign to'), 'is required')],
      ['Withdraw and close', 'Close the case', () => expectErrorBeside(form(page, 'Withdraw and close').getByLabel('Reason'), 'is required')],
    ];
    for (const [name, button, check] of empty) {
      await form(page, name).getByRole('button', { name: button }).click();
      await check();
    }
    await checkPage(page, 'case page, an action form with errors');

    await form(page, 'Risk override').getByLabel('New risk level').selectOption({ label: 'Moderate' });
    await form(page, 'Risk override').getByLabel('Reason').fill('Family support arrived');
    await form(page, 'Risk override').getByRole('button', { name: 'Override the risk level' }).click();
    await page.getByText(/^From high to moderate by Sue Supervisor on .*: Family support arrived$/).waitFor();
    await form(page, 'Assignment').getByLabel('Assign to').selectOption({ label: 'Casey Manager' });
    await form(page, 'Assignment').getByRole('button', { name: 'Assign the case' }).click();
    await page.getByRole('definition').filter({ hasText: /^Casey Manager$/ }).waitFor();
    await form(page, 'Plan approval').getByRole('group', { name: 'Approve the plan' }).getByLabel('Yes').check();
    await form(page, 'Plan approval').getByRole('button', { name: 'Record the approval decision' }).click();
    await form(page, 'Follow-up').waitFor();
    expect(await phaseNow(page).innerText()).to.equal('Implementation');
    await form(page, 'New task').getByLabel(/^Task/).fill('Visit the new flat');
    await form(page, 'New task').getByLabel('For').selectOption({ label: 'Cora Worker' });
    await form(page, 'New task').getByRole('button', { name: 'Add the task' }).click();
    await page.getByRole('table', { name: 'Tasks' }).getByRole('row').filter({ hasText: 'Visit the new flat' }).getByText('Cora Worker').waitFor();
  });

  it('uploads a document and downloads it again; another team gets not-found for the case page and the document', async () => {
    const id = await apiCase('Documents for Ada', { assignee: casey.id });
    const page = await browser.page();
    await signIn(page, sys, casey, `/app/cases/${id}`);
    const upload = form(page, 'Add a document');
    await upload.getByRole('button', { name: 'Upload the document' }).click();
    await expectErrorBeside(form(page, 'Add a document').getByLabel('File'), 'choose a file');
    await checkPage(page, 'case page, upload with an error');

    const content = `Tenancy agreement ${Date.now()}\n`;
    await form(page, 'Add a document').getByLabel('File').setInputFiles({ name: 'tenancy.txt', mimeType: 'text/plain', buffer: Buffer.from(content) });
    await form(page, 'Add a document').getByLabel('Title').fill('Tenancy agreement');
    await form(page, 'Add a document').getByRole('button', { name: 'Upload the document' }).click();
    await page.getByText('Done: the document is added.').waitFor();
    const link = page.getByRole('link', { name: 'Download Tenancy agreement' });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).to.equal('tenancy.txt');
    expect(fs.readFileSync((await download.path())!, 'utf8')).to.equal(content);
    const href = (await link.getAttribute('href'))!;

    const outsider = await browser.page();
    await signIn(outsider, sys, otto);
    const visit = async (path: string) => {
      const response = await outsider.goto(sys.url + path);
      return { status: response?.status(), text: await outsider.getByRole('main').innerText() };
    };
    const missing = await visit('/app/cases/quick-case-999999');
    expect(await visit(`/app/cases/${id}`)).to.deep.equal(missing);
    expect(await visit(href)).to.deep.equal(missing);
    expect(missing.status).to.equal(404);
  });

  it('shows a clear message when an action is refused because the case moved on, and the case as it now is; a form being typed in is left alone meanwhile', async () => {
    const id = await apiCase('Stale screening');
    const page = await browser.page();
    await signIn(page, sys, casey, `/app/cases/${id}`);
    await page.evaluate(() => {
      (window as unknown as { refreshes: number }).refreshes = 0;
      document.addEventListener('htmx:beforeRequest', () => (window as unknown as { refreshes: number }).refreshes++);
    });
    await form(page, 'Screening decision').getByLabel('Reason').fill('Typed before someone else decided');
    await api(`/cases/${id}/screening`, { decision: 'accept', reason: 'Decided elsewhere' });
    // Two refreshes come and go while the form holds what was typed.
    await eventually(async () => expect(await page.evaluate(() => (window as unknown as { refreshes: number }).refreshes)).to.be.at.least(2), 10_000);
    expect(await form(page, 'Screening decision').getByLabel('Reason').inputValue()).to.equal('Typed before someone else decided');

    await form(page, 'Screening decision').getByLabel('Decision').selectOption({ label: 'Screen out' });
    await form(page, 'Screening decision').getByRole('button', { name: 'Record the screening decision' }).click();
    await page.getByText(/The case has moved on, so this was not done/).waitFor();
    await form(page, 'Assessment').waitFor();
    expect(await form(page, 'Screening decision').count()).to.equal(0);
    expect(await phaseNow(page).innerText()).to.equal('Assessment');
    await checkPage(page, 'case page, a stale action refused');
  });

  it('shows a change made through the API on an open case page, My work and Cases within 5 seconds, without a reload', async () => {
    const id = await apiCase('Watched case');
    const casePage = await browser.page();
    await signIn(casePage, sys, casey, `/app/cases/${id}`);
    const myWork = await casePage.context().newPage();
    await myWork.goto(`${sys.url}/app/my-work`);
    const list = await casePage.context().newPage();
    await list.goto(`${sys.url}/app/cases?q=${id}`);
    const pages = [casePage, myWork, list];
    for (const p of pages) await p.evaluate(() => ((window as unknown as { loaded: string }).loaded = 'first'));

    await api(`/cases/${id}/notes`, { text: 'A note added elsewhere' });
    await api(`/cases/${id}/assignment`, { assignee: casey.id });
    await casePage.getByText('A note added elsewhere').first().waitFor({ timeout: 5000 });
    await casePage.getByRole('definition').filter({ hasText: 'Casey Manager' }).waitFor({ timeout: 5000 });
    await myWork.getByRole('link', { name: 'Watched case' }).waitFor({ timeout: 5000 });
    await list.getByRole('table', { name: 'Cases matching the filter' }).getByText('Casey Manager').waitFor({ timeout: 5000 });
    // A second change, once the first has shown: the pages keep refreshing.
    await api(`/cases/${id}/assignment`, { assignee: sue.id });
    await casePage.getByRole('definition').filter({ hasText: 'Sue Supervisor' }).waitFor({ timeout: 5000 });
    await myWork.getByRole('link', { name: 'Watched case' }).waitFor({ state: 'detached', timeout: 5000 });
    await list.getByRole('table', { name: 'Cases matching the filter' }).getByText('Sue Supervisor').waitFor({ timeout: 5000 });
    for (const p of pages) expect(await p.evaluate(() => (window as unknown as { loaded: string }).loaded)).to.equal('first');
  });

  it('lists in My work the tasks that are the person\'s by the API\'s rule, the plans a supervisor approves, each leading to its case', async () => {
    // A task assigned to the caseworker; a task left to case managers on an unassigned case; a plan to approve.
    const assigned = await apiCase('Task for Cora', { assignee: casey.id });
    await api(`/cases/${assigned}/screening`, { decision: 'accept', reason: 'Fits' });
    await api(`/cases/${assigned}/assessment`, { data: { severity: 1 } });
    await api(`/cases/${assigned}/plan`, { goals: ['Stay stable'], tasks: [{ title: 'Collect the tenancy agreement', assignee: cora.id, due: 'P2D' }] });
    const unassigned = await apiCase('Unassigned moderate case');
    await api(`/cases/${unassigned}/screening`, { decision: 'accept', reason: 'Fits' });
    await api(`/cases/${unassigned}/assessment`, { data: { severity: 2, housing_risk: true } });
    await api(`/cases/${unassigned}/plan`, {});
    const high = await apiCase('High risk case');
    await api(`/cases/${high}/screening`, { decision: 'accept', reason: 'Fits' });
    await api(`/cases/${high}/assessment`, { data: { severity: 5, housing_risk: true } });
    await api(`/cases/${high}/plan`, {});

    const work = (page: Page) => page.getByRole('table', { name: /^Tasks, follow-ups and plans waiting for you/ });
    const coraPage = await browser.page();
    await signIn(coraPage, sys, cora);
    const coraRow = work(coraPage).getByRole('row').filter({ hasText: 'Collect the tenancy agreement' });
    await coraRow.getByText('Assigned to you').waitFor();
    await coraRow.getByText('Due soon').waitFor();
    expect(await work(coraPage).getByText('Make a safety plan').count()).to.equal(0);
    await checkPage(coraPage, 'my work, a caseworker with a task');

    const caseyPage = await browser.page();
    await signIn(caseyPage, sys, casey);
    await work(caseyPage).getByRole('row').filter({ hasText: 'Make a safety plan' }).getByText('Left to your role, on an unassigned case of your team').waitFor();
    expect(await work(caseyPage).getByText('Collect the tenancy agreement').count()).to.equal(0);
    await screenshot(caseyPage, 'my-work-tasks');

    const suePage = await browser.page();
    await signIn(suePage, sys, sue);
    const approval = work(suePage).getByRole('row').filter({ hasText: 'Plan to approve' });
    await approval.getByRole('link', { name: 'High risk case' }).click();
    await form(suePage, 'Plan approval').waitFor();
    await checkPage(suePage, 'case page, a plan to approve');

    const ottoPage = await browser.page();
    await signIn(ottoPage, sys, otto);
    await ottoPage.getByText('Nothing waits for you: no task, follow-up or plan.').waitFor();
  });

  // These two move the API's clock past the idle time, so they come last.
  it('keeps what was typed into an action form posted after the session expired, and shows it filled in after signing in again', async () => {
    const id = await apiCase('Expiring case');
    const page = await browser.page();
    await signIn(page, sys, casey, `/app/cases/${id}`);
    await form(page, 'New note').getByLabel('Note').fill('Typed as the session ran out');
    sys.clock.advance(31 * 60_000);
    await form(page, 'New note').getByRole('button', { name: 'Add the note' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Email').fill(casey.email);
    await page.getByLabel('Password').fill(casey.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Expiring case' }).waitFor();
    expect(await form(page, 'New note').getByLabel('Note').inputValue()).to.equal('Typed as the session ran out');
    expect((await sys.http.get(`/cases/${id}`)).body.noteCount).to.equal(0);
  });

  it('lets the session of a page left open end: its refreshes do not keep it alive, and it leads to sign-in', async () => {
    const page = await browser.page();
    await signIn(page, sys, casey);
    await page.getByRole('heading', { name: 'My work' }).waitFor();
    await page.evaluate(() => {
      (window as unknown as { refreshes: number }).refreshes = 0;
      document.addEventListener('htmx:beforeRequest', () => (window as unknown as { refreshes: number }).refreshes++);
    });
    // Refreshes come and go for a while, past the minute after which a request would keep the session alive.
    sys.clock.advance(2 * 60_000);
    await eventually(async () => expect(await page.evaluate(() => (window as unknown as { refreshes: number }).refreshes)).to.be.at.least(2), 10_000);
    sys.clock.advance(29 * 60_000);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });
});
