/**
 * "My work"'s reads of the fold's tables, on SQLite and PostgreSQL: the tasks the query finds for a
 * person are exactly those the task-ownership rule gives them, over every mix of task assignee,
 * role, case assignee and team; follow-ups and plans to approve by case.
 */
import { expect } from 'chai';
import type { CaseRow } from '../../common/case-types';
import type { Role } from '../../common/phases';
import { ownsTask, type TaskOwner } from '../../common/task-ownership';
import { saveCaseRecord } from '../../store/cases';
import type { Db } from '../../store/db';
import { listMyFollowUps, listMyTasks, listPlansAwaitingApproval } from '../../store/my-work';
import { forEachDatabase } from '../helpers/databases';

const row = (n: number, overrides: Partial<CaseRow> = {}): CaseRow => ({
  id: `quick-case-${String(n).padStart(6, '0')}`,
  number: n,
  definitionKey: 'quick-case',
  definitionVersion: 1,
  title: `Case ${n}`,
  team: 'team-a',
  phase: 'implementation',
  status: 'open',
  openedAt: '2024-03-01T09:00:00.000Z',
  breached: false,
  revision: 1,
  updatedAt: '2024-03-01T09:00:00.000Z',
  ...overrides,
});

const PEOPLE: TaskOwner[] = [
  { id: 'cora', roles: ['caseworker'], teams: ['team-a'] },
  { id: 'casey', roles: ['case_manager'], teams: ['team-a'] },
  { id: 'sue', roles: ['supervisor', 'case_manager'], teams: ['team-a', 'team-b'] },
  { id: 'otto', roles: ['case_manager'], teams: ['team-b'] },
  { id: 'vera', roles: ['viewer'], teams: ['team-a'] },
];

describe('my work store: tasks by the ownership rule, follow-ups, approvals', () => forEachDatabase((open) => {
  let db: Db;
  beforeEach(async () => {
    db = await open();
  });

  it('finds for each person exactly the open tasks the ownership rule gives them, due first, and none of closed cases', async () => {
    const assignees = [undefined, 'cora', 'casey', 'sue'];
    const roles: Array<Role | undefined> = [undefined, 'caseworker', 'case_manager', 'supervisor'];
    const tasks: Array<{ caseId: string; taskId: string; assignee?: string; role?: Role; caseAssignee?: string; team: string; closed: boolean; due?: string }> = [];
    let n = 0;
    for (const team of ['team-a', 'team-b']) {
      for (const caseAssignee of assignees) {
        for (const closed of [false, true]) {
          const id = row(++n).id;
          await saveCaseRecord(db, row(n, { team, assignee: caseAssignee, status: closed ? 'closed' : 'open', phase: closed ? 'closed' : 'implementation' }), []);
          let t = 0;
          for (const assignee of assignees) {
            for (const role of roles) {
              const taskId = `t${++t}`;
              const due = t % 3 === 0 ? undefined : `2024-04-${String((t % 27) + 1).padStart(2, '0')}T09:00:00.000Z`;
              tasks.push({ caseId: id, taskId, assignee, role, caseAssignee, team, closed, due });
              await db('case_tasks').insert({ case_id: id, task_id: taskId, team, title: `Task ${id} ${taskId}`, assignee: assignee ?? null, role: role ?? null, due_at: due ?? null, required: true, status: t % 5 === 0 ? 'done' : 'open', created_at: '2024-03-01T09:00:00.000Z' });
            }
          }
        }
      }
    }
    const open = tasks.filter((t) => !t.closed && Number(t.taskId.slice(1)) % 5 !== 0);
    for (const person of PEOPLE) {
      const found = await listMyTasks(db, person);
      const expected = open.filter((t) => ownsTask(person, t, { assignee: t.caseAssignee, team: t.team }));
      expect(found.map((f) => `${f.caseId}/${f.taskId}`).sort(), person.id).to.deep.equal(expected.map((t) => `${t.caseId}/${t.taskId}`).sort());
      if (person.id !== 'vera') expect(found.length, `${person.id} owns some tasks`).to.be.greaterThan(0);
      const dues = found.map((f) => f.dueAt ?? '\uffff');
      expect(dues, `${person.id}: due first`).to.deep.equal([...dues].sort());
    }
    expect((await listMyTasks(db, PEOPLE[4])).length, 'a viewer owns only what is assigned to them').to.equal(0);
  });

  it('lists the pending follow-ups of the person\'s open cases, and the plans waiting for approval in their teams', async () => {
    await saveCaseRecord(db, row(1, { assignee: 'casey' }), []);
    await saveCaseRecord(db, row(2, { assignee: 'otto', team: 'team-b', phase: 'approval' }), []);
    await saveCaseRecord(db, row(3, { phase: 'approval', dueAt: '2024-04-02T09:00:00.000Z' }), []);
    const followUp = (caseId: string, n: number, extra: Record<string, unknown>) =>
      db('case_follow_ups').insert({ case_id: caseId, n, team: 'team-a', armed_at: '2024-03-01T09:00:00.000Z', due_at: '2024-04-01T09:00:00.000Z', escalated: false, cancelled: false, ...extra });
    await followUp(row(1).id, 1, { recorded_at: '2024-03-20T09:00:00.000Z', outcome: 'on_track' });
    await followUp(row(1).id, 2, { due_at: '2024-04-10T09:00:00.000Z' });
    await followUp(row(2).id, 1, {});
    expect((await listMyFollowUps(db, 'casey')).map((f) => [f.caseId, f.n, f.dueAt])).to.deep.equal([[row(1).id, 2, '2024-04-10T09:00:00.000Z']]);
    expect((await listPlansAwaitingApproval(db, ['team-a'])).map((a) => a.caseId)).to.deep.equal([row(3).id]);
    expect((await listPlansAwaitingApproval(db, undefined)).map((a) => a.caseId).sort()).to.deep.equal([row(2).id, row(3).id]);
  });
}));
