/**
 * The team page in a real browser: workloads per person, a bulk reassignment of three cases that
 * records the assignment and its reason on each (and moves the open tasks the person held on them),
 * the approvals queue, and reassigning all the cases and tasks of a person who was deactivated or
 * left the team.
 */
import { expect } from 'chai';
import { quickCase } from '../fixtures/definitions';
import { highRisk, intake, lowRisk, ok, toAssessment } from '../helpers/cases';
import { addPerson, contexts, expectAccessible, expectNoSideScroll, screenshot, signIn, type Person } from '../helpers/browser';
import { startSystem, type TestSystem } from '../helpers/system';

/** The quick case whose low-risk task asks for Polish at level 3. */
const skilledCase = { ...quickCase, key: 'skilled-case', name: 'Skilled case', planning: { ...quickCase.planning, low: { goals: ['Stay stable'], tasks: [{ title: 'Check in', role: 'caseworker' as const, due: 'P7D', requires: [{ name: 'language:pl', level: 3 }] }] } } };

describe('console: team', () => {
  let sys: TestSystem;
  let sam: Person;
  let casey: Person;
  let dana: Person;
  const browser = contexts();
  before(async () => {
    sys = await startSystem({ definitions: [quickCase, skilledCase] });
    sam = await addPerson(sys, { roles: ['supervisor'], teams: ['team-a'], name: 'Sam Supervisor' });
    casey = await addPerson(sys, { roles: ['case_manager'], teams: ['team-a'], name: 'Casey Manager' });
    dana = await addPerson(sys, { roles: ['case_manager'], teams: ['team-a'], name: 'Dana Manager' });
  });
  afterEach(() => browser.closeAll());
  after(async () => sys?.stop());

  const open = async (title: string, assignee: string, definition = 'quick-case') => (await ok(sys, '/cases', { definition, title, assignee, intake })).id as string;
  /** A case of `assignee` in implementation whose one task (Check in) is theirs too; its task id. */
  const withTask = async (title: string, assignee: string, definition = 'quick-case') => {
    const id = await open(title, assignee, definition);
    await ok(sys, `/cases/${id}/screening`, { decision: 'accept', reason: 'Fits' });
    await ok(sys, `/cases/${id}/assessment`, { data: lowRisk });
    await ok(sys, `/cases/${id}/plan`, {});
    const taskId = (await sys.http.get(`/cases/${id}`)).body.tasks[0].id as string;
    await ok(sys, `/cases/${id}/tasks/${taskId}/assign`, { assignee, reason: 'Theirs to do' });
    return { id, taskId };
  };
  const taskOf = async (id: string, taskId: string) => ((await sys.http.get(`/cases/${id}`)).body.tasks as Array<{ id: string; assignee?: string }>).find((t) => t.id === taskId)!;
  const trailOf = async (id: string) => (await sys.http.get(`/cases/${id}/events`)).body.items as Array<{ type: string; actor: string; data: Record<string, unknown> }>;

  it('reassigns three cases at once, recording the assignment and the reason on each', async () => {
    const tasked = await withTask('Case one', casey.id);
    const ids = [tasked.id, await open('Case two', casey.id), await open('Case three', casey.id)];
    const kept = await open('Case four', casey.id);
    const page = await browser.page();
    await signIn(page, sys, sam, '/app/team');
    const row = page.getByRole('row').filter({ hasText: 'Casey Manager' });
    await row.getByRole('cell', { name: '4', exact: true }).waitFor();
    await expectAccessible(page, 'team');
    await row.getByRole('link', { name: 'Casey Manager', exact: true }).click();
    await page.getByRole('heading', { name: 'Open cases of Casey Manager' }).waitFor();

    // Without a reason nothing changes.
    for (const id of ids) await page.getByLabel(new RegExp(`\\(${id}\\)`)).check();
    await page.getByLabel('Reassign to').selectOption({ label: 'Dana Manager' });
    await page.getByRole('button', { name: 'Reassign the chosen cases' }).click();
    await page.getByRole('alert').filter({ hasText: 'Nothing was reassigned. The reason' }).waitFor();
    await expectAccessible(page, 'team, a reassignment refused');
    for (const id of ids) expect((await sys.http.get(`/cases/${id}`)).body.assignee).to.equal(casey.id);
    // What was chosen stays chosen, and the error is beside the reason.
    for (const id of ids) expect(await page.getByLabel(new RegExp(`\\(${id}\\)`)).isChecked(), id).to.equal(true);
    expect(await page.getByLabel('Reassign to').inputValue()).to.equal(dana.id);
    const reason = page.getByLabel('Reason, recorded on each case and task');
    expect(await reason.getAttribute('aria-invalid')).to.equal('true');
    expect(await page.locator(`#${await reason.getAttribute('aria-describedby')}`).innerText()).to.match(/^Error:\s+The reason must not be empty\.$/);

    await reason.fill('Casey is on leave');
    await page.getByRole('button', { name: 'Reassign the chosen cases' }).click();
    await page.getByRole('status').filter({ hasText: 'Reassigned 3 cases and 1 task to Dana Manager.' }).waitFor();
    await expectNoSideScroll(page, 'team, after a reassignment');
    await screenshot(page, 'team');
    for (const id of ids) {
      expect((await sys.http.get(`/cases/${id}`)).body.assignee).to.equal(dana.id);
      const trail = await trailOf(id);
      const assigned = trail.filter((e) => e.type === 'case_assigned' && e.data.to === dana.id);
      expect(assigned, id).to.have.length(1);
      expect(assigned[0].actor).to.equal(sam.id);
      expect(assigned[0].data).to.deep.include({ from: casey.id, reason: 'Casey is on leave' });
      expect(trail.filter((e) => e.type === 'note_added'), id).to.have.length(0);
    }
    expect((await taskOf(tasked.id, tasked.taskId)).assignee).to.equal(dana.id);
    const routed = (await trailOf(tasked.id)).filter((e) => e.type === 'task_routed' && e.data.to === dana.id);
    expect(routed).to.have.length(1);
    expect(routed[0].actor).to.equal(sam.id);
    expect(routed[0].data).to.deep.include({ taskId: tasked.taskId, from: casey.id, reason: `assigned by ${sam.id}: Casey is on leave` });
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
    const form = page.getByRole('form', { name: 'Reassign all cases and tasks of Lee Leaver' });
    await form.getByLabel('Reassign to').selectOption({ label: 'Casey Manager' });
    await form.getByLabel('Reason, recorded on each case and task').fill('Lee left the service');
    await expectAccessible(page, 'team, with a leaver');
    await form.getByRole('button', { name: 'Reassign all 2 cases and 0 tasks of Lee Leaver' }).click();
    await page.getByRole('status').filter({ hasText: 'Reassigned 2 cases to Casey Manager.' }).waitFor();
    for (const id of ids) expect((await sys.http.get(`/cases/${id}`)).body.assignee).to.equal(casey.id);
    expect(await page.getByRole('form', { name: 'Reassign all cases and tasks of Lee Leaver' }).count()).to.equal(0);
  });

  it('reassigns all the cases and open tasks of a person who left the team, each with the reason in its trail entry, after a refusal that kept what was typed', async () => {
    const robin = await addPerson(sys, { roles: ['case_manager', 'caseworker'], teams: ['team-a'], name: 'Robin Mover' });
    // One case of Robin's with Robin's task, one of Casey's on which Robin holds the task, one of Robin's without a task.
    const own = await withTask('Robin one', robin.id);
    const other = await withTask('Casey with Robin', casey.id);
    await ok(sys, `/cases/${other.id}/tasks/${other.taskId}/assign`, { assignee: robin.id, reason: 'Robin helps' });
    const plain = await open('Robin two', robin.id);
    expect((await sys.http.patch(`/users/${robin.id}`, { teams: ['team-z'] })).status).to.equal(200);
    // Leaving a team hands nothing back by itself.
    expect((await taskOf(own.id, own.taskId)).assignee).to.equal(robin.id);

    const page = await browser.page();
    await signIn(page, sys, sam, '/app/team');
    const form = page.getByRole('form', { name: 'Reassign all cases and tasks of Robin Mover' });
    await form.getByLabel('Reassign to').selectOption({ label: 'Dana Manager' });
    await form.getByRole('button', { name: 'Reassign all 2 cases and 2 tasks of Robin Mover' }).click();
    await page.getByRole('alert').filter({ hasText: 'Nothing was reassigned. The reason' }).waitFor();
    const again = page.getByRole('form', { name: 'Reassign all cases and tasks of Robin Mover' });
    expect(await again.getByLabel('Reassign to').inputValue()).to.equal(dana.id);
    expect(await again.getByText(/^Error: The reason /).count()).to.equal(1);
    await expectAccessible(page, 'team, reassigning all refused');
    expect((await taskOf(own.id, own.taskId)).assignee).to.equal(robin.id);
    expect((await sys.http.get(`/cases/${plain}`)).body.assignee).to.equal(robin.id);

    await again.getByLabel('Reason, recorded on each case and task').fill('Robin moved to team Z');
    await again.getByRole('button', { name: 'Reassign all 2 cases and 2 tasks of Robin Mover' }).click();
    await page.getByRole('status').filter({ hasText: 'Reassigned 2 cases and 2 tasks to Dana Manager.' }).waitFor();
    for (const id of [own.id, plain]) {
      expect((await sys.http.get(`/cases/${id}`)).body.assignee).to.equal(dana.id);
      const assigned = (await trailOf(id)).filter((e) => e.type === 'case_assigned' && e.data.to === dana.id);
      expect(assigned.map((e) => [e.actor, e.data.reason])).to.deep.equal([[sam.id, 'Robin moved to team Z']]);
    }
    // The case Casey owns stays Casey's; only Robin's task on it moves.
    expect((await sys.http.get(`/cases/${other.id}`)).body.assignee).to.equal(casey.id);
    for (const t of [own, other]) {
      expect((await taskOf(t.id, t.taskId)).assignee, t.id).to.equal(dana.id);
      const routed = (await trailOf(t.id)).filter((e) => e.type === 'task_routed' && e.data.to === dana.id);
      expect(routed.map((e) => [e.actor, e.data.from, e.data.reason])).to.deep.equal([[sam.id, robin.id, `assigned by ${sam.id}: Robin moved to team Z`]]);
    }
    expect(await page.getByRole('form', { name: 'Reassign all cases and tasks of Robin Mover' }).count()).to.equal(0);
  });

  it('names a task the new person may not take, which stays where it was, while the case and the other tasks move', async () => {
    const kim = await addPerson(sys, { roles: ['case_manager', 'caseworker'], teams: ['team-a'], name: 'Kim Linguist' });
    expect((await sys.http.put(`/people/${kim.id}/routing`, { capabilities: [{ name: 'language:pl', level: 4 }] })).status).to.equal(200);
    const skilled = await withTask('Needs Polish', kim.id, 'skilled-case');
    const plain = await withTask('Any language', kim.id);
    const page = await browser.page();
    await signIn(page, sys, sam, `/app/team?person=${kim.id}`);
    for (const id of [skilled.id, plain.id]) await page.getByLabel(new RegExp(`\\(${id}\\)`)).check();
    await page.getByLabel('Reassign to').selectOption({ label: 'Dana Manager' });
    await page.getByLabel('Reason, recorded on each case and task').fill('Kim is on a course');
    await page.getByRole('button', { name: 'Reassign the chosen cases' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Reassigned 2 cases and 1 task to Dana Manager. Not reassigned:' });
    await alert.waitFor();
    expect(await alert.innerText()).to.include(`task ${skilled.taskId} of ${skilled.id}: `);
    expect(await alert.innerText()).to.include('language:pl');
    await expectAccessible(page, 'team, a task not reassigned');
    expect((await taskOf(skilled.id, skilled.taskId)).assignee).to.equal(kim.id);
    expect((await taskOf(plain.id, plain.taskId)).assignee).to.equal(dana.id);
    for (const id of [skilled.id, plain.id]) expect((await sys.http.get(`/cases/${id}`)).body.assignee).to.equal(dana.id);
    expect((await trailOf(skilled.id)).filter((e) => e.type === 'task_routed' && e.data.to === dana.id)).to.have.length(0);
  });

  it("shows each queue's depth and the time its oldest task has waited, as the API counts them, and leads to a person's capabilities and absences", async () => {
    // Two cases in implementation whose Check in task nobody holds: both wait in team-a's queue for a caseworker.
    for (const title of ['Queued one', 'Queued two']) {
      const id = await open(title, casey.id);
      await ok(sys, `/cases/${id}/screening`, { decision: 'accept', reason: 'Fits' });
      await ok(sys, `/cases/${id}/assessment`, { data: lowRisk });
      await ok(sys, `/cases/${id}/plan`, {});
    }
    const queues = (await sys.as(sam).get('/work/queues')).body.items as Array<{ team: string; role?: string; depth: number; oldestCreatedAt: string }>;
    const caseworkers = queues.find((q) => q.team === 'team-a' && q.role === 'caseworker')!;
    expect(caseworkers.depth).to.be.at.least(2);

    const page = await browser.page();
    await signIn(page, sys, sam, '/app/team');
    const table = page.getByRole('table', { name: 'Open tasks nobody holds yet, per team and role' });
    const row = table.getByRole('row').filter({ hasText: 'Caseworker' });
    expect(await row.getByRole('cell').nth(2).innerText()).to.equal(`${caseworkers.depth} tasks`);
    expect(await row.locator('time').getAttribute('datetime')).to.equal(caseworkers.oldestCreatedAt);
    expect(await row.getByRole('cell').nth(3).innerText()).to.match(/\((\d+) minutes?\)$/);
    expect(await table.getByRole('row').count()).to.equal(1 + queues.filter((q) => q.team === 'team-a').length);
    await expectAccessible(page, 'team, queues');

    await page.getByRole('row').filter({ hasText: 'Casey Manager' }).getByRole('link', { name: 'capabilities and absences of Casey Manager' }).click();
    await page.waitForURL(`**/app/people/${casey.id}/routing`);
    expect((await page.goto(page.url()))?.status()).to.equal(200);
  });

  it('is for supervisors: a case manager is refused the page', async () => {
    const page = await browser.page();
    await signIn(page, sys, casey);
    const res = await page.goto(`${sys.url}/app/team`);
    expect(res?.status()).to.be.oneOf([403, 404]);
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team' }).count()).to.equal(0);
  });
});
