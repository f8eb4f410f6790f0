/**
 * Work routing over HTTP: people's capabilities, limits and absences; Get next handing each task
 * out once however many ask at the same moment (on SQLite and PostgreSQL) and saying why; claim,
 * release, assign and skip; automatic assignment by a definition's routing; a deactivated
 * person's work going back to its queue. Every hand is in the case's trail with its reason.
 */
import { expect } from 'chai';
import type { DefinitionInput } from '../../common/definition-schema';
import { intake, lowRisk } from '../helpers/cases';
import { eventually } from '../helpers/eventually';
import { startSystem, type TestSystem } from '../helpers/system';
import { queuedOwnerCase, quickCase, routedCase } from '../fixtures/definitions';
import { ABSENCE_SWEEP_SCHEDULE_ID, ensureAbsenceSweepSchedule } from '../../worker/schedules';

const forensicCase: DefinitionInput = {
  ...quickCase,
  key: 'forensic-case',
  name: 'Forensic case',
  planning: {
    ...quickCase.planning,
    low: { goals: ['Find out'], tasks: [{ title: 'Forensic review', role: 'case_manager', due: 'P2D', requires: [{ name: 'fraud-forensics', level: 3 }], prefers: [{ name: 'language:pl', level: 1 }] }] },
  },
};


/** A case of the team with its plan made: one open task, in the team's queue unless routing gave it out. */
async function caseWithTask(sys: TestSystem, team: string, definition = 'quick-case'): Promise<string> {
  const post = async (path: string, body: unknown) => {
    const res = await sys.http.post(path, body);
    expect(res.status, `${path}: ${JSON.stringify(res.body)}`).to.be.oneOf([200, 201]);
    return res.body;
  };
  const { id } = await post('/cases', { definition, title: 'Routing', team, intake });
  await post(`/cases/${id}/screening`, { decision: 'accept', reason: 'Meets the criteria' });
  await post(`/cases/${id}/assessment`, { data: lowRisk });
  await post(`/cases/${id}/plan`, {});
  return id;
}

const entries = async (sys: TestSystem, id: string, type: string) => (await sys.http.get(`/cases/${id}/events`)).body.items.filter((e: { type: string }) => e.type === type);
const routed = (sys: TestSystem, id: string) => entries(sys, id, 'task_routed');
const DAY_MS = 24 * 60 * 60 * 1000;

function raceOverTenItems(database: 'sqlite' | 'postgres') {
  it(`hands each of 10 queued tasks to one of 20 people asking at once, 10 in all (${database})`, async function () {
    this.timeout(120_000);
    const sys = await startSystem({ definitions: [quickCase], database });
    try {
      const team = `race-${database}`;
      const ids: string[] = [];
      for (let i = 0; i < 10; i++) ids.push(await caseWithTask(sys, team));
      const people = await Promise.all(Array.from({ length: 20 }, () => sys.addUser({ roles: ['caseworker', 'case_manager'], teams: [team] })));
      const answers = await Promise.all(people.map((p) => sys.as(p).post('/work/next', {})));
      expect(answers.map((a) => a.status)).to.deep.equal(Array(20).fill(200));
      const given = answers.filter((a) => a.body.item !== null);
      expect(given).to.have.length(10);
      const keys = given.map((a) => `${a.body.item.caseId}/${a.body.item.taskId}`);
      expect(new Set(keys).size).to.equal(10);
      for (const a of answers.filter((x) => x.body.item === null)) expect(a.body.reason).to.match(/no open task/);
      for (const id of ids) {
        const entries = await routed(sys, id);
        expect(entries, id).to.have.length(1);
        const winner = given.find((a) => a.body.item.caseId === id);
        const holder = people[answers.indexOf(winner!)];
        expect(entries[0]).to.deep.include({ actor: holder.id });
        expect(entries[0].data.to).to.equal(holder.id);
        expect(entries[0].data.reason).to.match(/^Get next: The most urgent task/);
        expect((await sys.http.get(`/cases/${id}`)).body.tasks[0].assignee).to.equal(holder.id);
      }
    } finally {
      await sys.stop();
    }
  });
}

describe('work routing', () => {
  let sys: TestSystem;
  before(async () => {
    sys = await startSystem({ definitions: [quickCase, forensicCase, routedCase, queuedOwnerCase] });
  });
  after(async () => sys?.stop());

  describe('people', () => {
    it('keeps capabilities and limits, managed by admins and by supervisors of the person\'s teams only, refusing bad input by field', async () => {
      const person = await sys.addUser({ roles: ['case_manager'], teams: ['team-p'] });
      const supervisor = await sys.addUser({ roles: ['supervisor'], teams: ['team-p'] });
      const outsider = await sys.addUser({ roles: ['supervisor'], teams: ['team-q'] });
      const profile = { capabilities: [{ name: 'language:pl', level: 4 }, { name: 'fraud-forensics', level: 2 }], maxOpenCases: 10, maxOpenTasks: 5 };
      const put = await sys.as(supervisor).put(`/people/${person.id}/routing`, profile);
      expect(put.status).to.equal(200);
      expect(put.body).to.deep.include({ userId: person.id, maxOpenCases: 10, maxOpenTasks: 5 });
      expect(put.body.capabilities).to.deep.equal([{ name: 'fraud-forensics', level: 2 }, { name: 'language:pl', level: 4 }]);
      expect((await sys.http.get(`/people/${person.id}/routing`)).body.capabilities).to.have.length(2);
      expect((await sys.as(outsider).get(`/people/${person.id}/routing`)).status).to.equal(404);
      expect((await sys.as(person).get(`/people/${person.id}/routing`)).status).to.equal(403);

      const bad = await sys.as(supervisor).put(`/people/${person.id}/routing`, { capabilities: [{ name: 'Fraud', level: 6 }], maxOpenTasks: -1 });
      expect(bad.status).to.equal(422);
      expect(bad.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).to.include.members(['capabilities.0.name', 'capabilities.0.level', 'maxOpenTasks']);
      const twice = await sys.http.put(`/people/${person.id}/routing`, { capabilities: [{ name: 'a', level: 1 }, { name: 'a', level: 2 }] });
      expect(twice.body.errors).to.deep.equal([{ field: 'capabilities', message: 'names a capability twice' }]);
      expect((await sys.http.get(`/people/${person.id}/routing`)).body.capabilities).to.have.length(2);

      const absence = await sys.as(supervisor).post(`/people/${person.id}/absences`, { startsOn: '2099-01-10', endsOn: '2099-01-05', reason: 'Leave' });
      expect(absence.status).to.equal(422);
      expect(absence.body.errors).to.deep.equal([{ field: 'endsOn', message: 'must be on or after startsOn' }]);
      const badDelegate = await sys.as(supervisor).post(`/people/${person.id}/absences`, { startsOn: '2099-01-01', endsOn: '2099-01-05', reason: 'Leave', delegate: outsider.id });
      expect(badDelegate.body.errors[0].field).to.equal('delegate');
      const made = await sys.as(supervisor).post(`/people/${person.id}/absences`, { startsOn: '2099-01-01', endsOn: '2099-01-05', reason: 'Leave' });
      expect(made.status).to.equal(201);
      expect(made.body.handedBack).to.deep.equal({ tasks: 0, cases: 0 });
      expect((await sys.http.get(`/people/${person.id}/routing`)).body.absences).to.have.length(1);
      expect((await sys.as(supervisor).delete(`/people/${person.id}/absences/${made.body.id}`)).status).to.equal(200);
      expect((await sys.http.get(`/people/${person.id}/routing`)).body.absences).to.deep.equal([]);
    });

    it("returns a deactivated person's open tasks to their queue, and an absent person's to a named delegate, each in the case's trail", async () => {
      const team = 'team-leave';
      const [gone, away, delegate] = await Promise.all([0, 1, 2].map(() => sys.addUser({ roles: ['case_manager', 'caseworker'], teams: [team] })));
      const first = await caseWithTask(sys, team);
      const second = await caseWithTask(sys, team);
      expect((await sys.as(gone).post('/work/next', {})).body.item.caseId).to.be.oneOf([first, second]);
      const taken = (await sys.as(away).post('/work/next', {})).body.item;
      expect(taken).to.not.equal(null);

      expect((await sys.http.patch(`/users/${gone.id}`, { active: false })).status).to.equal(200);
      const goneCase = taken.caseId === first ? second : first;
      const back = (await routed(sys, goneCase)).at(-1);
      expect(back.data).to.deep.include({ from: gone.id, reason: `${gone.id} was deactivated; back to the queue` });
      expect(back.data.to).to.equal(undefined);
      expect((await sys.http.get(`/cases/${goneCase}`)).body.tasks[0].assignee).to.equal(undefined);
      const queues = (await sys.http.get('/work/queues')).body.items.filter((q: { team: string }) => q.team === team);
      expect(queues.reduce((n: number, q: { depth: number }) => n + q.depth, 0)).to.equal(1);

      const today = new Date().toISOString().slice(0, 10);
      const absence = await sys.http.post(`/people/${away.id}/absences`, { startsOn: today, endsOn: '2099-12-31', reason: 'Parental leave', delegate: delegate.id });
      expect(absence.status).to.equal(201);
      expect(absence.body.handedBack.tasks).to.equal(1);
      const handed = (await routed(sys, taken.caseId)).at(-1);
      expect(handed.data).to.deep.include({ from: away.id, to: delegate.id });
      expect(handed.data.reason).to.match(/absent until 2099-12-31; handed to/);
      expect((await sys.as(away).post('/work/next', {})).status).to.equal(409);
    });
  });

  describe('Get next', () => {
    it('never gives a task requiring fraud-forensics 3 to someone with level 2, and says which rule chose it and what matched', async () => {
      const team = 'team-fraud';
      const id = await caseWithTask(sys, team, 'forensic-case');
      const level2 = await sys.addUser({ roles: ['case_manager'], teams: [team] });
      const level3 = await sys.addUser({ roles: ['case_manager'], teams: [team] });
      await sys.http.put(`/people/${level2.id}/routing`, { capabilities: [{ name: 'fraud-forensics', level: 2 }, { name: 'language:pl', level: 5 }] });
      await sys.http.put(`/people/${level3.id}/routing`, { capabilities: [{ name: 'fraud-forensics', level: 4 }, { name: 'language:pl', level: 1 }] });

      const none = await sys.as(level2).post('/work/next', {});
      expect(none.status).to.equal(200);
      expect(none.body.item).to.equal(null);
      const claim = await sys.as(level2).post(`/cases/${id}/tasks/t1/claim`, {});
      expect(claim.status).to.equal(409);
      expect(claim.body.detail).to.match(/needs fraud-forensics ≥ 3/);
      const assign = await sys.http.post(`/cases/${id}/tasks/t1/assign`, { assignee: level2.id });
      expect(assign.status).to.equal(422);
      expect(assign.body.errors[0].field).to.equal('assignee');
      expect(await routed(sys, id)).to.deep.equal([]);

      const got = await sys.as(level3).post('/work/next', {});
      expect(got.body.item).to.deep.include({ caseId: id, taskId: 't1', title: 'Forensic review' });
      expect(got.body.why.rule).to.equal('most-urgent-you-can-take');
      expect(got.body.why.capabilities).to.deep.equal({ required: [{ name: 'fraud-forensics', level: 4 }], preferred: [{ name: 'language:pl', level: 1 }] });
      expect(got.body.why.urgency).to.equal(got.body.item.urgency);
      expect(got.body.why.dueAt).to.equal(got.body.item.dueAt);
      expect(got.body.why.summary).to.match(/urgency \d+ \(due within 3 days, risk low\); needs fraud-forensics ≥ 3, you have fraud-forensics 4/);
    });

    it('skips a task with a reason, and claims, releases and assigns one, each hand in the trail with its reason', async () => {
      const team = 'team-hands';
      const id = await caseWithTask(sys, team);
      const worker = await sys.addUser({ roles: ['case_manager'], teams: [team] });
      const other = await sys.addUser({ roles: ['case_manager'], teams: [team] });
      const supervisor = await sys.addUser({ roles: ['supervisor'], teams: [team] });

      const noReason = await sys.as(worker).post('/work/skip', { caseId: id, taskId: 't1' });
      expect(noReason.status).to.equal(422);
      expect(noReason.body.errors[0].field).to.equal('reason');
      expect((await sys.as(worker).post('/work/skip', { caseId: id, taskId: 't1', reason: 'Conflict of interest' })).status).to.equal(200);
      expect((await sys.as(worker).post('/work/next', {})).body.item).to.equal(null);

      expect((await sys.as(worker).post(`/cases/${id}/tasks/t1/claim`, { reason: 'I know the client' })).status).to.equal(200);
      expect((await sys.as(other).post(`/cases/${id}/tasks/t1/claim`, {})).status).to.equal(409);
      expect((await sys.as(other).post(`/cases/${id}/tasks/t1/release`, {})).status).to.equal(403);
      expect((await sys.as(worker).post(`/cases/${id}/tasks/t1/release`, { reason: 'Out tomorrow' })).status).to.equal(200);
      const selfOnly = await sys.as(worker).post(`/cases/${id}/tasks/t1/assign`, { assignee: other.id });
      expect(selfOnly.status).to.equal(403);
      const assigned = await sys.as(supervisor).post(`/cases/${id}/tasks/t1/assign`, { assignee: other.id, reason: 'Has capacity' });
      expect(assigned.status).to.equal(200);
      expect(assigned.body.tasks[0].assignee).to.equal(other.id);
      expect((await routed(sys, id)).map((e: { actor: string; data: object }) => ({ actor: e.actor, ...e.data }))).to.deep.equal([
        { actor: worker.id, taskId: 't1', to: worker.id, reason: 'claimed: I know the client' },
        { actor: worker.id, taskId: 't1', from: worker.id, reason: 'released: Out tomorrow' },
        { actor: supervisor.id, taskId: 't1', to: other.id, reason: `assigned by ${supervisor.id}: Has capacity` },
      ]);
    });

    it('holds a person to their limit of open tasks, however many Get next calls they send at once', async () => {
      const team = 'team-limit';
      for (let i = 0; i < 3; i++) await caseWithTask(sys, team);
      const person = await sys.addUser({ roles: ['caseworker'], teams: [team] });
      await sys.http.put(`/people/${person.id}/routing`, { capabilities: [], maxOpenTasks: 1 });
      const answers = await Promise.all([0, 1, 2].map(() => sys.as(person).post('/work/next', {})));
      expect(answers.filter((a) => a.status === 200 && a.body.item)).to.have.length(1);
      const refused = answers.filter((a) => a.status === 409);
      expect(refused).to.have.length(2);
      for (const r of refused) expect(r.body.detail).to.equal('you hold 1 open tasks, the limit of 1; a task must be done or released first');
    });

    it('shows supervisors each queue with its depth and the age of its oldest task', async () => {
      const team = 'team-depth';
      await caseWithTask(sys, team);
      await caseWithTask(sys, team);
      const supervisor = await sys.addUser({ roles: ['supervisor'], teams: [team] });
      const manager = await sys.addUser({ roles: ['case_manager'], teams: [team] });
      const res = await sys.as(supervisor).get('/work/queues');
      expect(res.status).to.equal(200);
      expect(res.body.items).to.have.length(1);
      expect(res.body.items[0]).to.deep.include({ team, role: 'caseworker', depth: 2 });
      expect(res.body.items[0].oldestAgeSeconds).to.be.a('number').at.least(0);
      expect((await sys.as(manager).get('/work/queues')).status).to.equal(403);
    });

    raceOverTenItems('sqlite');
    raceOverTenItems('postgres');
  });

  describe('automatic assignment', () => {
    it('gives a new task to the least-loaded capable person present, passing over one absent and one full, and says so in the trail', async () => {
      const team = 'team-auto';
      const absent = await sys.addUser({ id: 'auto-a-absent', roles: ['case_manager'], teams: [team] });
      const full = await sys.addUser({ id: 'auto-b-full', roles: ['case_manager'], teams: [team] });
      const free = await sys.addUser({ id: 'auto-c-free', roles: ['case_manager'], teams: [team] });
      const today = new Date().toISOString().slice(0, 10);
      await sys.http.post(`/people/${absent.id}/absences`, { startsOn: today, endsOn: today, reason: 'Training' });
      await sys.http.put(`/people/${full.id}/routing`, { capabilities: [], maxOpenTasks: 0 });
      const id = await caseWithTask(sys, team, 'routed-case');
      const [entry] = await routed(sys, id);
      expect(entry.actor).to.equal('system');
      expect(entry.data.to).to.equal(free.id);
      expect(entry.data.reason).to.equal(`automatic: least loaded (0 open tasks); passed over ${absent.id} (absent until ${today}), ${full.id} (full: 0 of 0 open tasks)`);
      expect((await sys.http.get(`/cases/${id}`)).body.tasks[0].assignee).to.equal(free.id);
    });
  });
  describe('routing as a case runs', () => {
    it("returns the case to its team's queue as it enters a phase whose owner rule is queue, saying so in the trail", async () => {
      const team = 'team-queued';
      const owner = await sys.addUser({ roles: ['case_manager'], teams: [team] });
      const opened = await sys.http.post('/cases', { definition: 'queued-owner-case', title: 'Back to the queue', team, assignee: owner.id, intake });
      expect(opened.status).to.equal(201);
      const id = opened.body.id as string;
      await sys.http.post(`/cases/${id}/screening`, { decision: 'accept', reason: 'Meets the criteria' });
      expect((await sys.http.post(`/cases/${id}/assessment`, { data: lowRisk })).body.assignee).to.equal(owner.id);
      const planned = await sys.http.post(`/cases/${id}/plan`, {});
      expect(planned.status).to.equal(200);
      expect(planned.body.phase).to.equal('implementation');
      expect(planned.body.assignee).to.equal(undefined);
      const [entry] = (await entries(sys, id, 'case_assigned')).slice(-1);
      expect(entry.actor).to.equal('system');
      expect(entry.data).to.deep.equal({ from: owner.id, reason: "queue: the case goes back to its team's queue as it enters implementation" });
      const listed = await sys.http.get(`/cases?assignee=${owner.id}`);
      expect(listed.body.items.map((c: { id: string }) => c.id)).to.not.include(id);
    });

    it('gives a task added to a running case by the rule of its phase, to the least-loaded person with the capability it requires; a task naming its person keeps them', async () => {
      const team = 'team-added';
      const novice = await sys.addUser({ id: 'added-a-novice', roles: ['case_manager'], teams: [team] });
      const expert = await sys.addUser({ id: 'added-b-expert', roles: ['case_manager'], teams: [team] });
      await sys.http.put(`/people/${novice.id}/routing`, { capabilities: [{ name: 'fraud-forensics', level: 2 }] });
      await sys.http.put(`/people/${expert.id}/routing`, { capabilities: [{ name: 'fraud-forensics', level: 3 }] });
      const id = await caseWithTask(sys, team, 'queued-owner-case');
      const before = (await routed(sys, id)).length;

      const bad = await sys.http.post(`/cases/${id}/tasks`, { title: 'Examine the ledger', requires: [{ name: 'Fraud', level: 9 }] });
      expect(bad.status).to.equal(422);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).to.include.members(['requires.0.name', 'requires.0.level']);

      const added = await sys.http.post(`/cases/${id}/tasks`, { title: 'Examine the ledger', role: 'case_manager', due: 'P2D', requires: [{ name: 'fraud-forensics', level: 3 }] });
      expect(added.status).to.equal(200);
      const task = added.body.tasks.find((t: { title: string }) => t.title === 'Examine the ledger');
      expect(task.assignee).to.equal(expert.id);
      expect(task.requires).to.deep.equal([{ name: 'fraud-forensics', level: 3 }]);
      const hands = (await routed(sys, id)).slice(before);
      expect(hands).to.have.length(1);
      expect(hands[0].actor).to.equal('system');
      expect(hands[0].data).to.deep.include({ taskId: task.id, to: expert.id });
      expect(hands[0].data.reason).to.match(/^automatic: least loaded \(0 open tasks\)/);

      const named = await sys.http.post(`/cases/${id}/tasks`, { title: 'Call the bank', role: 'case_manager', assignee: novice.id });
      expect(named.body.tasks.find((t: { title: string }) => t.title === 'Call the bank').assignee).to.equal(novice.id);
      expect((await routed(sys, id)).slice(before)).to.have.length(1);
    });
  });

  describe('absences recorded ahead', () => {
    after(async () => sys?.env.client.schedule.getHandle(ABSENCE_SWEEP_SCHEDULE_ID).delete().catch(() => undefined));

    it("hands a person's work to the delegate by the hourly sweep once their absence begins, once; an absence removed before it begins hands back nothing", async () => {
      const team = 'team-ahead';
      const [away, delegate, stays] = await Promise.all([0, 1, 2].map(() => sys.addUser({ roles: ['case_manager', 'caseworker'], teams: [team] })));
      const first = await caseWithTask(sys, team);
      const second = await caseWithTask(sys, team);
      const awayTask = (await sys.as(away).post('/work/next', {})).body.item;
      const staysTask = (await sys.as(stays).post('/work/next', {})).body.item;
      expect([awayTask.caseId, staysTask.caseId].sort()).to.deep.equal([first, second].sort());
      const owned = (await sys.http.post('/cases', { definition: 'quick-case', title: 'Owned', team, assignee: away.id, intake })).body.id as string;

      // Recorded yesterday, as the API's clock has it, for today: nothing is handed back then.
      const today = new Date().toISOString().slice(0, 10);
      sys.clock.advance(-DAY_MS);
      try {
        const ahead = await sys.http.post(`/people/${away.id}/absences`, { startsOn: today, endsOn: today, reason: 'Training', delegate: delegate.id });
        expect(ahead.status).to.equal(201);
        expect(ahead.body.handedBack).to.deep.equal({ tasks: 0, cases: 0 });
        const removed = await sys.http.post(`/people/${stays.id}/absences`, { startsOn: today, endsOn: today, reason: 'Course' });
        expect((await sys.http.delete(`/people/${stays.id}/absences/${removed.body.id}`)).status).to.equal(200);
      } finally {
        sys.clock.advance(DAY_MS);
      }
      expect((await sys.http.get(`/cases/${awayTask.caseId}`)).body.tasks[0].assignee).to.equal(away.id);

      const schedule = await ensureAbsenceSweepSchedule(sys.env.client, { taskQueue: sys.taskQueue });
      expect((await schedule.describe()).action).to.deep.include({ type: 'startWorkflow', workflowType: 'absenceSweepWorkflow' });
      const sweep = async () => {
        const seen = (await schedule.describe()).info.recentActions.length;
        await schedule.trigger();
        const run = await eventually(async () => {
          const actions = (await schedule.describe()).info.recentActions;
          if (actions.length <= seen) throw new Error('the sweep has not started yet');
          return actions[actions.length - 1].action.workflow;
        });
        return sys.env.client.workflow.getHandle(run.workflowId, run.firstExecutionRunId).result();
      };
      await sweep();

      const [hand] = (await routed(sys, awayTask.caseId)).slice(-1);
      expect(hand.actor).to.equal('system');
      expect(hand.data).to.deep.equal({ taskId: awayTask.taskId, from: away.id, to: delegate.id, reason: `${away.id} is absent from ${today} until ${today}; handed to ${delegate.id}` });
      expect((await sys.http.get(`/cases/${awayTask.caseId}`)).body.tasks[0].assignee).to.equal(delegate.id);
      expect((await sys.http.get(`/cases/${owned}`)).body.assignee).to.equal(delegate.id);
      expect((await entries(sys, owned, 'case_assigned')).slice(-1)[0].data.reason).to.equal(`${away.id} is absent from ${today} until ${today}; handed to ${delegate.id}`);
      expect((await sys.http.get(`/cases/${staysTask.caseId}`)).body.tasks[0].assignee).to.equal(stays.id);

      // A second sweep finds the absence handed back already.
      expect(await sweep()).to.deep.equal({ absences: 0, tasks: 0, cases: 0 });
      expect(await routed(sys, awayTask.caseId)).to.have.length(2);
      expect(await routed(sys, staysTask.caseId)).to.have.length(1);
    });
  });
});
