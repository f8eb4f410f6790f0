/** Child cases opened by a plan's task: the child's closing completes the task, also after the parent continued as new; a parent with open children closes only by withdrawing them. */
import { expect } from 'chai';
import { eventually } from '../helpers/eventually';
import { startSystem, type TestSystem } from '../helpers/system';
import { ok, toImplementation } from '../helpers/cases';
import { childCase, parentCase } from '../fixtures/definitions';

describe('child cases from a plan task', () => {
  let sys: TestSystem;
  before(async () => {
    // A low history limit, so that a parent continues as new while its child runs.
    // The child's definition belongs to another team than the parent's, so who may see which case differs.
    sys = await startSystem({ definitions: [{ ...childCase, team: 'team-b' }, parentCase], historyLimit: 80 });
  });
  after(async () => sys?.stop());

  const view = async (id: string) => (await sys.http.get(`/cases/${id}`)).body;
  const runsOf = async (id: string) => {
    const runs: string[] = [];
    for await (const w of sys.env.client.workflow.list({ query: `WorkflowId = "${id}"` })) runs.push(w.runId);
    return runs;
  };

  /** A parent in implementation whose plan opened one child; answers both ids once the child is recorded. */
  async function parentWithChild() {
    const parent = await toImplementation(sys, 'parent-case');
    const child = await eventually(async () => {
      const c = (await view(parent)).children?.[0];
      if (!c?.phase) throw new Error('the child is not recorded yet');
      return c;
    });
    return { parent, child };
  }

  it("opens a child of another definition with the parent's fields mapped, shows its phase and status, refuses the parent's closing while it is open, and completes the task when it closes", async () => {
    const { parent, child } = await parentWithChild();
    expect(child).to.deep.include({ definition: 'child-case', phase: 'screening', status: 'open' });
    const childView = await view(child.caseId);
    expect(childView.intake).to.deep.equal({ client_name: 'Ada Lovelace', eligible: true });
    expect(childView.title).to.equal('Claim benefits');

    const refused = await sys.http.post(`/cases/${parent}/close`, { reason: 'Client moved away' });
    expect(refused.status).to.equal(409);
    expect(refused.body.detail).to.include(child.caseId);
    expect((await view(parent)).status).to.equal('open');

    await ok(sys, `/cases/${child.caseId}/close`, { reason: 'Claim settled by phone' });
    const done = await eventually(async () => {
      const v = await view(parent);
      const task = v.tasks.find((t: { id: string }) => t.id === child.taskId);
      if (task.status !== 'done') throw new Error('the task is still open');
      return { v, task };
    });
    expect(done.task.outcome).to.include(child.caseId);
    expect(done.v.children[0]).to.deep.include({ caseId: child.caseId, closure: 'withdrawn', status: 'closed' });
    expect((await sys.http.get(`/cases/${parent}/events/verify`)).body.valid).to.equal(true);
  });

  it("names a child case only to those who may see it: the parent's team without the child's sees no child, the child's team sees it", async () => {
    const { parent, child } = await parentWithChild();
    const parentTeam = await sys.addUser({ roles: ['case_manager'], teams: ['team-a'] });
    const both = await sys.addUser({ roles: ['case_manager'], teams: ['team-a', 'team-b'] });
    const seen = await sys.as(parentTeam).get(`/cases/${parent}`);
    expect(seen.status).to.equal(200);
    expect(seen.body.children ?? []).to.deep.equal([]);
    expect((await sys.as(parentTeam).get(`/cases/${child.caseId}`)).status).to.equal(404);
    const all = (await sys.as(both).get(`/cases/${parent}`)).body.children;
    expect(all.map((c: { caseId: string }) => c.caseId)).to.deep.equal([child.caseId]);
    expect(all[0]).to.deep.include({ phase: 'screening', status: 'open' });
  });

  it("skips a child's number whose workflow id Temporal already holds, as after a restored read model, and opens the child under the next", async () => {
    const last = (await sys.db('case_numbers').where({ definition_key: 'child-case' }).first())?.last_number ?? 0;
    const taken = `child-case-${String(last + 1).padStart(6, '0')}`;
    // A workflow under the id the next child would take, on a queue no worker polls: only its id matters.
    const squatter = await sys.env.client.workflow.start('caseWorkflow', { taskQueue: `nobody-polls-${process.pid}`, workflowId: taken, args: [] });
    try {
      const { parent, child } = await parentWithChild();
      expect(child.caseId).to.equal(`child-case-${String(last + 2).padStart(6, '0')}`);
      expect((await view(parent)).status).to.equal('open');
      const trail = (await sys.http.get(`/cases/${parent}/events`)).body.items as Array<{ type: string; data: { caseId?: string } }>;
      expect(trail.filter((e) => e.type === 'child_opened').map((e) => e.data.caseId)).to.deep.equal([child.caseId]);
    } finally {
      await squatter.terminate('only its id was needed');
    }
  });

  it('completes the task in the run the parent continued into while its child ran', async () => {
    const { parent, child } = await parentWithChild();
    const before = (await runsOf(parent)).length;
    await eventually(async () => {
      await ok(sys, `/cases/${parent}/notes`, { text: 'Waiting on the benefits office' });
      if ((await runsOf(parent)).length <= before) throw new Error('the parent has not continued as new yet');
    }, 60_000, 0);
    await ok(sys, `/cases/${child.caseId}/close`, { reason: 'Claim settled' });
    await eventually(async () => {
      const task = (await view(parent)).tasks.find((t: { id: string }) => t.id === child.taskId);
      if (task.status !== 'done') throw new Error('the task is still open');
    });
  });

  it('closes a parent with open children when it withdraws them in the same step', async () => {
    const { parent, child } = await parentWithChild();
    const closed = await ok(sys, `/cases/${parent}/close`, { reason: 'Client moved away', withdrawChildren: true });
    expect(closed.status).to.equal('closed');
    await eventually(async () => {
      const c = await view(child.caseId);
      if (c.status !== 'closed') throw new Error('the child is still open');
      expect(c.closure).to.equal('withdrawn');
      expect(c.closeReason).to.include(parent);
    });
    const trail = (await sys.http.get(`/cases/${parent}/events`)).body.items;
    expect(trail.find((e: { type: string }) => e.type === 'children_withdrawn').data).to.deep.equal({ caseIds: [child.caseId] });
  });
});
