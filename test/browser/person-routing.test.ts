/** Editing a person's capabilities, limits and absences in a real browser, as a supervisor of their team. */
import { expect } from 'chai';
import { addPerson, contexts, expectAccessible, expectNoSideScroll, signIn, type Person } from '../helpers/browser';
import { startSystem, type TestSystem } from '../helpers/system';

describe("console: a person's capabilities", () => {
  let sys: TestSystem;
  let sue: Person;
  let pat: Person;
  let other: Person;
  const browser = contexts();
  before(async () => {
    sys = await startSystem();
    sue = await addPerson(sys, { roles: ['supervisor'], teams: ['team-r'], name: 'Sue Supervisor' });
    pat = await addPerson(sys, { roles: ['case_manager'], teams: ['team-r'], name: 'Pat Manager' });
    other = await addPerson(sys, { roles: ['case_manager'], teams: ['team-s'], name: 'Olga Other' });
  });
  afterEach(() => browser.closeAll());
  after(async () => sys?.stop());

  it('sets capabilities and a limit after a field error, and records an absence after one, each error beside its field', async () => {
    const page = await browser.page();
    await signIn(page, sys, sue, `/app/people/${pat.id}/routing`);
    await page.getByRole('heading', { name: 'Routing: Pat Manager' }).waitFor();
    await expectAccessible(page, 'routing page, empty');

    await page.getByLabel('Capability 1', { exact: true }).fill('fraud-forensics');
    await page.getByLabel('Level of capability 1').selectOption('3');
    await page.getByLabel('Capability 2', { exact: true }).fill('Language PL');
    await page.getByLabel('Most open tasks').fill('five');
    await page.getByRole('button', { name: 'Save capabilities and limits' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    const alert = await page.getByRole('alert').textContent();
    expect(alert).to.include('Capability 2: is not a capability name');
    expect(alert).to.include('Most open tasks: must be a whole number, 0 or more');
    expect(await page.getByLabel('Capability 2', { exact: true }).inputValue()).to.equal('Language PL');
    expect(await page.getByLabel('Level of capability 1').inputValue()).to.equal('3');
    await expectAccessible(page, 'routing page, with errors');
    await expectNoSideScroll(page, 'routing page, with errors');
    expect((await sys.http.get(`/people/${pat.id}/routing`)).body.capabilities).to.deep.equal([]);

    await page.getByLabel('Capability 2', { exact: true }).fill('language:pl');
    await page.getByLabel('Level of capability 2').selectOption('5');
    await page.getByLabel('Most open tasks').fill('4');
    await page.getByRole('button', { name: 'Save capabilities and limits' }).click();
    await page.getByText('Saved.').waitFor();
    const saved = (await sys.http.get(`/people/${pat.id}/routing`)).body;
    expect(saved.capabilities).to.deep.equal([{ name: 'fraud-forensics', level: 3 }, { name: 'language:pl', level: 5 }]);
    expect(saved.maxOpenTasks).to.equal(4);
    expect(saved.maxOpenCases).to.equal(undefined);
    expect(await page.getByLabel('Capability 1', { exact: true }).inputValue()).to.equal('fraud-forensics');

    await page.getByLabel('First day away').fill('2099-02-10');
    await page.getByLabel('Last day away').fill('2099-02-01');
    await page.getByLabel('Reason').fill('Leave');
    await page.getByRole('button', { name: 'Record absence' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect(await page.getByRole('alert').textContent()).to.include('Last day away: must be on or after startsOn');
    await page.getByLabel('Last day away').fill('2099-02-14');
    await page.getByRole('button', { name: 'Record absence' }).click();
    await page.getByText('The absence is recorded.').waitFor();
    expect(await page.getByText('2099-02-10 to 2099-02-14: Leave').count()).to.equal(1);
    await expectAccessible(page, 'routing page, with an absence');
    await page.getByRole('button', { name: 'Remove the absence from 2099-02-10 to 2099-02-14' }).click();
    await page.getByText('No absence is recorded.').waitFor();
    expect((await sys.http.get(`/people/${pat.id}/routing`)).body.absences).to.deep.equal([]);
  });

  it("shows a supervisor no one outside their teams", async () => {
    const page = await browser.page();
    await signIn(page, sys, sue, `/app/people/${other.id}/routing`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  });
});
