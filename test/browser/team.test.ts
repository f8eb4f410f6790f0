/**
 * The team page in a real browser: workloads per person, a bulk reassignment of three cases that
 * records the assignment and its reason on each, the approvals queue, and reassigning all the
 * cases of a person who was deactivated.
 */
import { expect } from 'chai';
import { quickCase } from '../fixtures/definitions';
import { highRisk, intake, ok, toAssessment } from '../helpers/cases';
import { addPerson, contexts, expectAccessible, expectNoSideScroll, screenshot, signIn, type Person } from '../helpers/browser';
import { startSystem, type TestSystem } from '../helpers/system';

describe('console: team', () => {
  let sys: TestSystem;
  let sam: Person;
  let casey: Person;
  let dana: Person;
  const browser = contexts();
  before(async () => {
    sys = await startSystem({ definitions: [quickCase] });
    sam = await addPerson(sys, { roles: ['supervisor'], teams: ['team-a'], name: 'Sam Supervisor' });
    casey = await addPerson(sys, { roles: ['case_manager'], teams: ['team-a'], name: 'Casey Manager' });
    dana = await addPerson(sys, { roles: ['case_manager'], teams: ['team-a'], name: 'Dana Manager' });
  });
  afterEach(() => browser.closeAll());
  after(async () => sys?.stop());

  const open = async (title: string, assignee: string) => (await ok(sys, '/cases', { definition: 'quick-case', title, assignee, intake })).id as string;
  const trailOf = async (id: string) => (await sys.http.get(`/cases/${id}/events`)).body.items as Array<{ type: string; actor: string; data: Record<string, unknown> }>;

  it('reassigns three cases at once, recording the assignment and the reason on each', async () => {
    const ids = [await open('Case one', casey.id), await open('Case two', casey.id), await open('Case three', casey.id)];
    const kept = await open('Case four', casey.id);
    const page = await browser.page();
    await signIn(page, sys, sam, '/app/team');
    const row = page.getByRole('row').filter({ hasText: 'Casey Manager' });
    await row.getByRole('cell', { name: '4', exact: true }).waitFor();
    await expectAccessible(page, 'team');
    await row.getByRole('link', { name: 'Casey Manager' }).click();
    await page.getByRole('heading', { name: 'Open cases of Casey Manager' }).waitFor();

    // Without a reason nothing changes.
    for (const id of ids) await page.getByLabel(new RegExp(`\\(${id}\\)`)).check();
    await page.getByLabel('Reassign to').selectOption({ label: 'Dana Manager' });
    await page.getByRole('button', { name: 'Reassign the chosen cases' }).click();
    await page.getByRole('alert').filter({ hasText: 'Nothing was reassigned. The reason' }).waitFor();
    await expectAccessible(page, 'team, a reassignment refused');
    for (const id of ids) expect((await sys.http.get(`/cases/${id}`)).body.assignee).to.equal(casey.id);

    for (const id of ids) await page.getByLabel(new RegExp(`\\(${id}\\)`)).check();
    await page.getByLabel('Reassign to').selectOption({ label: 'Dana Manager' });
    await page.getByLabel('Reason, recorded on each case').fill('Casey is on leave');
    await page.getByRole('button', { name: 'Reassign the chosen cases' }).click();
    await page.getByRole('status').filter({ hasText: 'Reassigned 3 cases to Dana Manager.' }).waitFor();
    await expectNoSideScroll(page, 'team, after a reassignment');
    await screenshot(page, 'team');
    for (const id of ids) {
      expect((await sys.http.get(`/cases/${id}`)).body.assignee).to.equal(dana.id);
      const trail = await trailOf(id);
      const assigned = trail.filter((e) => e.type === 'case_assigned' && e.data.to === dana.id);
      expect(assigned, id).to.have.length(1);
      expect(assigned[0].actor).to.equal(sam.id);
      const note = trail.find((e) => e.type === 'note_added' && String(e.data.text).includes('Casey is on leave'))!;
      expect(note.actor).to.equal(sam.id);
      expect(note.data.text).to.equal(`Reassigned from ${casey.id} to Dana Manager: Casey is on leave`);
    }
    expect((await sys.http.get(`/cases/${kept}`)).body.assignee).to.equal(casey.id);
  });

  it('approves a plan and sends one back from the approvals queue', async () => {
    const plan = async () => {
      const id = await toAssessment(sys);
      await ok(sys, `/cases/${id}/assessment`, { data: highRisk });
      await ok(sys, `/cases/${id}/plan`, {});
      return id;
    };
    const [first, second] = [await plan(), await plan()];
    const page = await browser.page();
    await signIn(page, sys, sam, '/app/team');
    await page.getByRole('button', { name: `Approve the plan of ${first}` }).click();
    await page.getByRole('status').filter({ hasText: `${first}: plan approved.` }).waitFor();
    expect((await sys.http.get(`/cases/${first}`)).body.phase).to.equal('implementation');
    await page.getByRole('button', { name: `Send back the plan of ${second}` }).click();
    await page.getByRole('alert').filter({ hasText: 'was not sent back' }).waitFor();
    expect((await sys.http.get(`/cases/${second}`)).body.phase).to.equal('approval');
    await page.locator(`#reason-${second}`).fill('Add a housing goal');
    await page.getByRole('button', { name: `Send back the plan of ${second}` }).click();
    await page.getByRole('status').filter({ hasText: `${second}: plan sent back.` }).waitFor();
    expect((await sys.http.get(`/cases/${second}`)).body.phase).to.equal('planning');
    const returned = (await trailOf(second)).find((e) => e.type === 'plan_returned')!;
    expect(returned.actor).to.equal(sam.id);
  });

  it('offers to reassign all the cases of a person who was deactivated, at once', async () => {
    const leaver = await addPerson(sys, { roles: ['case_manager'], teams: ['team-a'], name: 'Lee Leaver' });
    const ids = [await open('Lee one', leaver.id), await open('Lee two', leaver.id)];
    expect((await sys.http.patch(`/users/${leaver.id}`, { active: false })).status).to.equal(200);
    const page = await browser.page();
    await signIn(page, sys, sam, '/app/team');
    const form = page.getByRole('form', { name: 'Reassign all cases of Lee Leaver' });
    await form.getByLabel('Reassign to').selectOption({ label: 'Casey Manager' });
    await form.getByLabel('Reason, recorded on each case').fill('Lee left the service');
    await expectAccessible(page, 'team, with a leaver');
    await form.getByRole('button', { name: 'Reassign all 2 cases of Lee Leaver' }).click();
    await page.getByRole('status').filter({ hasText: 'Reassigned 2 cases to Casey Manager.' }).waitFor();
    for (const id of ids) expect((await sys.http.get(`/cases/${id}`)).body.assignee).to.equal(casey.id);
    expect(await page.getByRole('form', { name: 'Reassign all cases of Lee Leaver' }).count()).to.equal(0);
  });

  it('is for supervisors: a case manager is refused the page', async () => {
    const page = await browser.page();
    await signIn(page, sys, casey);
    const res = await page.goto(`${sys.url}/app/team`);
    expect(res?.status()).to.be.oneOf([403, 404]);
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team' }).count()).to.equal(0);
  });
});
