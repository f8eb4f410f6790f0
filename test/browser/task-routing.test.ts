/**
 * Claim, release and assign on a case page's task rows in a real browser: each offered only where
 * the API would carry it out for the person (their roles, the task's required capabilities, who
 * holds it), and each hand in the case's trail.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { quickCase } from '../fixtures/definitions';
import { intake, lowRisk } from '../helpers/cases';
import { addPerson, contexts, expectAccessible, expectNoSideScroll, signIn, type Person } from '../helpers/browser';
import { startSystem, type TestSystem } from '../helpers/system';

describe('console: claim, release and assign on the case page', () => {
  const team = 'team-rows';
  let sys: TestSystem;
  let casey: Person;
  let sam: Person;
  let riley: Person;
  let vic: Person;
  let caseId: string;
  const browser = contexts();

  before(async () => {
    sys = await startSystem({ definitions: [quickCase] });
    casey = await addPerson(sys, { roles: ['case_manager', 'caseworker'], teams: [team], name: 'Casey Manager' });
    sam = await addPerson(sys, { roles: ['supervisor'], teams: [team], name: 'Sam Supervisor' });
    riley = await addPerson(sys, { roles: ['case_manager'], teams: [team], name: 'Riley Forensic' });
    vic = await addPerson(sys, { roles: ['viewer'], teams: [team], name: 'Vic Viewer' });
    expect((await sys.http.put(`/people/${riley.id}/routing`, { capabilities: [{ name: 'fraud-forensics', level: 3 }] })).status).to.equal(200);
    caseId = (await sys.http.post('/cases', { definition: 'quick-case', title: 'Rows to route', team, intake })).body.id;
    for (const [path, body] of [['screening', { decision: 'accept', reason: 'Fits' }], ['assessment', { data: lowRisk }], ['plan', {}]] as const) {
      expect((await sys.http.post(`/cases/${caseId}/${path}`, body)).status).to.equal(200);
    }
    const added = await sys.http.post(`/cases/${caseId}/tasks`, { title: 'Examine the ledger', role: 'case_manager', requires: [{ name: 'fraud-forensics', level: 3 }] });
    expect(added.status).to.equal(200);
  });
  afterEach(() => browser.closeAll());
  after(async () => sys?.stop());

  const row = (page: Page, title: string) => page.getByRole('row').filter({ has: page.getByRole('cell', { name: title, exact: false }) });
  /** Which of Claim, Release and Assign the task's row offers, by the buttons' accessible names. */
  const offered = async (page: Page, title: string) => {
    const found: string[] = [];
    for (const what of ['Claim', 'Release to the queue', 'Assign']) if ((await row(page, title).getByRole('button', { name: `${what} ${title}`, exact: true }).count()) > 0) found.push(what);
    return found;
  };
  const task = async (title: string) => (await sys.http.get(`/cases/${caseId}`)).body.tasks.find((t: { title: string }) => t.title === title);
  const hands = async () => (await sys.http.get(`/cases/${caseId}/events`)).body.items.filter((e: { type: string }) => e.type === 'task_routed').map((e: { actor: string; data: { to?: string; reason: string } }) => [e.actor, e.data.to, e.data.reason]);

  async function openCase(person: Person): Promise<Page> {
    const page = await browser.page();
    await signIn(page, sys, person, `/app/cases/${caseId}`);
    await page.getByRole('table', { name: 'Tasks' }).waitFor();
    return page;
  }

  it('offers a case manager Claim only on the queued task whose capabilities they have, and Release once they hold it', async () => {
    const page = await openCase(casey);
    expect(await offered(page, 'Check in')).to.deep.equal(['Claim']);
    expect(await offered(page, 'Examine the ledger')).to.deep.equal([]);
    expect(await page.getByRole('table', { name: 'Tasks' }).getByRole('combobox').count()).to.equal(0);
    await expectAccessible(page, 'case page with Claim');

    await page.getByRole('button', { name: 'Claim Check in' }).click();
    await row(page, 'Check in').getByRole('button', { name: 'Release to the queue Check in' }).waitFor();
    expect(await row(page, 'Check in').getByRole('cell', { name: /Casey Manager/ }).count()).to.equal(1);
    expect((await task('Check in')).assignee).to.equal(casey.id);
    expect(await page.getByRole('button', { name: 'Claim Check in' }).count()).to.equal(0);
    await expectAccessible(page, 'case page with Release');
    await expectNoSideScroll(page, 'case page with Release');
  });

  it("offers a supervisor Release of anyone's task and Assign to the capable people of the team only, and assigns by the form", async () => {
    const page = await openCase(sam);
    expect(await offered(page, 'Check in')).to.deep.equal(['Release to the queue', 'Assign']);
    // Sam lacks the capability, so no Claim; only Riley has it, so the list holds only Riley.
    expect(await offered(page, 'Examine the ledger')).to.deep.equal(['Assign']);
    const choices = page.getByRole('combobox', { name: 'Assign Examine the ledger to' });
    expect(await choices.locator('option').allInnerTexts()).to.deep.equal(['Riley Forensic']);
    expect(await page.getByRole('combobox', { name: 'Assign Check in to' }).locator('option').allInnerTexts()).to.not.include('Casey Manager');
    await expectAccessible(page, 'case page of a supervisor');

    await choices.selectOption({ label: 'Riley Forensic' });
    await page.getByRole('button', { name: 'Assign Examine the ledger' }).click();
    await row(page, 'Examine the ledger').getByRole('cell', { name: /Riley Forensic/ }).waitFor();
    expect((await task('Examine the ledger')).assignee).to.equal(riley.id);

    await page.getByRole('button', { name: 'Release to the queue Check in' }).click();
    await row(page, 'Check in').getByRole('button', { name: 'Assign Check in' }).waitFor();
    expect((await task('Check in')).assignee).to.equal(undefined);
    expect(await hands()).to.deep.include.members([
      [casey.id, casey.id, 'claimed'],
      [sam.id, riley.id, `assigned by ${sam.id}`],
      [sam.id, undefined, 'released'],
    ]);
  });

  it('offers a viewer none of them', async () => {
    const page = await openCase(vic);
    expect(await page.getByRole('table', { name: 'Tasks' }).getByRole('button').count()).to.equal(0);
    expect(await page.getByRole('table', { name: 'Tasks' }).getByRole('combobox').count()).to.equal(0);
  });
});
