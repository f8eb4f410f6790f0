/** "Get next" on My work in a real browser: the task it gives and why, releasing it, and nothing left after. */
import { expect } from 'chai';
import { quickCase } from '../fixtures/definitions';
import { intake, lowRisk } from '../helpers/cases';
import { addPerson, contexts, expectAccessible, expectNoSideScroll, signIn, type Person } from '../helpers/browser';
import { startSystem, type TestSystem } from '../helpers/system';

describe('console: Get next', () => {
  let sys: TestSystem;
  let casey: Person;
  let caseId: string;
  const browser = contexts();
  before(async () => {
    sys = await startSystem({ definitions: [quickCase] });
    casey = await addPerson(sys, { roles: ['case_manager', 'caseworker'], teams: ['team-next'], name: 'Casey Manager' });
    caseId = (await sys.http.post('/cases', { definition: 'quick-case', title: 'Needs a check-in', team: 'team-next', intake })).body.id;
    for (const [path, body] of [['screening', { decision: 'accept', reason: 'Fits' }], ['assessment', { data: lowRisk }], ['plan', {}]] as const) {
      expect((await sys.http.post(`/cases/${caseId}/${path}`, body)).status).to.equal(200);
    }
  });
  afterEach(() => browser.closeAll());
  after(async () => sys?.stop());

  it('gives the most urgent task from My work, assigns it and says why; releases it to the queue; then says nothing is left', async () => {
    const page = await browser.page();
    await signIn(page, sys, casey, '/app/my-work');
    await page.getByRole('heading', { name: 'My work' }).waitFor();
    await expectAccessible(page, 'my work with Get next');
    await page.getByRole('button', { name: 'Get next' }).click();
    await page.getByRole('heading', { name: 'Your next task' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Check in' }).count()).to.equal(1);
    expect(await page.getByRole('status').textContent()).to.match(/^The most urgent task you may take in team-next's queue: urgency \d+ \(due within 7 days, risk low\)\.$/);
    expect(await page.getByRole('link', { name: caseId }).getAttribute('href')).to.equal(`/app/cases/${caseId}`);
    await expectAccessible(page, 'next task');
    await expectNoSideScroll(page, 'next task');
    expect((await sys.http.get(`/cases/${caseId}`)).body.tasks[0].assignee).to.equal(casey.id);

    // Released, it waits in the queue again, and the next Get next gives it once more.
    await page.getByRole('button', { name: 'Release to the queue' }).click();
    await page.getByRole('heading', { name: 'My work' }).waitFor();
    expect((await sys.http.get(`/cases/${caseId}`)).body.tasks[0].assignee).to.equal(undefined);
    const hands = (await sys.http.get(`/cases/${caseId}/events`)).body.items.filter((e: { type: string }) => e.type === 'task_routed');
    expect(hands.map((e: { data: { to?: string; reason: string } }) => [e.data.to, e.data.reason.split(':')[0]])).to.deep.equal([[casey.id, 'Get next'], [undefined, 'released']]);
    await page.getByRole('button', { name: 'Get next' }).click();
    await page.getByRole('heading', { name: 'Check in' }).waitFor();

    await page.getByRole('link', { name: 'Back to My work' }).click();
    await page.getByRole('button', { name: 'Get next' }).click();
    await page.getByRole('heading', { name: 'No task for you now' }).waitFor();
    expect(await page.getByRole('status').textContent()).to.match(/no open task in the queues of team-next/);
    await expectAccessible(page, 'no task left');
  });
});
