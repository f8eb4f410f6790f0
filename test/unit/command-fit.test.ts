/**
 * Which command fits a case: one function over the workflow's state and over the read model's
 * view, so a console offers what the case would take, by the same rules.
 */
import { expect } from 'chai';
import type { LegacySnapshot } from '../../common/case-types';
import { CASE_COMMANDS, commandRefusal, commandsThatFit, type CaseFacts, type CommandTarget } from '../../common/command-fit';
import { blankCase, foldTrail } from '../../store/projection';
import { stateFromLegacy } from '../../workflows/carried-state';
import { lifecycleTrail } from '../fixtures/trails';

const facts = (over: Partial<CaseFacts>): CaseFacts => ({ phase: 'screening', status: 'open', tasks: [], ...over });
const ANY_PHASE = ['addNote', 'addDocument', 'assign', 'hold', 'close', 'annotate', 'moveVersion'];

describe('command fit', () => {
  it('offers each phase its command, and every open phase notes, documents, assignment, hold and closing', () => {
    expect(commandsThatFit(facts({ phase: 'screening' }))).to.deep.equal(['screen', ...ANY_PHASE]);
    expect(commandsThatFit(facts({ phase: 'assessment' }))).to.deep.equal(['assess', ...ANY_PHASE]);
    expect(commandsThatFit(facts({ phase: 'planning', risk: { level: 'low' } }))).to.deep.equal(['overrideRisk', 'plan', ...ANY_PHASE]);
    expect(commandsThatFit(facts({ phase: 'approval', risk: { level: 'low' } }))).to.deep.equal(['overrideRisk', 'approvePlan', 'addTask', ...ANY_PHASE]);
    expect(commandsThatFit(facts({ phase: 'implementation', risk: { level: 'low' }, tasks: [{ id: 't1' }] }))).to.deep.equal(['overrideRisk', 'addTask', 'completeTask', 'recordFollowUp', ...ANY_PHASE]);
    expect(commandsThatFit(facts({ phase: 'transition' }))).to.deep.equal(['transition', ...ANY_PHASE]);
    expect(commandsThatFit(facts({ phase: 'transition', contactDueAt: '2024-05-01T00:00:00.000Z' }))).to.deep.equal(ANY_PHASE);
    expect(commandsThatFit(facts({ phase: 'evaluation' }))).to.deep.equal(['evaluation', ...ANY_PHASE]);
  });

  it('takes only notes, documents, assignment, resuming and closing while on hold, and nothing once closed', () => {
    expect(commandsThatFit(facts({ phase: 'implementation', status: 'on_hold', tasks: [{ id: 't1' }] }))).to.deep.equal(['addNote', 'addDocument', 'assign', 'resume', 'close', 'annotate', 'moveVersion']);
    expect(commandsThatFit(facts({ phase: 'closed', status: 'closed' }))).to.deep.equal([]);
    expect(commandRefusal(facts({ phase: 'closed', status: 'closed' }), 'addNote')).to.deep.equal({ type: 'InvalidTransition', message: "the case is closed; it takes no 'addNote'" });
  });

  it('says why, naming the field when the data is at odds with the case', () => {
    const f = facts({ phase: 'implementation', risk: { level: 'low' }, assignee: 'sam', tasks: [{ id: 't1', status: 'done' }, { id: 't2', status: 'open' }] });
    expect(commandRefusal(f, 'overrideRisk', { level: 'low' })).to.deep.equal({ type: 'InvalidData', field: 'level', message: 'the risk level is low already' });
    expect(commandRefusal(f, 'assign', { assignee: 'sam' })).to.deep.equal({ type: 'InvalidData', field: 'assignee', message: 'the case is assigned to sam already' });
    expect(commandRefusal(f, 'completeTask', { taskId: 't1' })).to.deep.include({ type: 'InvalidTransition', message: 'task t1 is done already' });
    expect(commandRefusal(f, 'completeTask', { taskId: 't2' })).to.equal(undefined);
    expect(commandRefusal(f, 'completeTask', { taskId: 't9' })).to.deep.include({ type: 'InvalidData', field: 'taskId' });
    expect(commandRefusal(f, 'plan')).to.deep.equal({ type: 'InvalidTransition', message: "'plan' fits the planning phase; the case is in implementation" });
    expect(commandRefusal(facts({ phase: 'assessment' }), 'overrideRisk')).to.deep.include({ message: 'the case has no risk level until it is assessed' });
    // The workflow keeps open tasks only: an id it handed out that names none is done or cancelled.
    const kept = facts({ phase: 'implementation', tasks: [{ id: 't2' }], ids: 4 });
    expect(commandRefusal(kept, 'completeTask', { taskId: 't1' })).to.deep.include({ type: 'InvalidTransition' });
    expect(commandRefusal(kept, 'completeTask', { taskId: 't5' })).to.deep.include({ type: 'InvalidData', field: 'taskId' });
  });

  it("gives the same answers over the workflow's state as over the read model's view, at every step of a case", () => {
    const entries = lifecycleTrail('quick-case-000001');
    for (let i = 1; i <= entries.length; i++) {
      const { view, notes } = foldTrail(blankCase({ id: 'quick-case-000001', number: 1, title: 'x', team: 'team-a', definitionKey: 'quick-case', definitionVersion: 1, openedAt: entries[0].at }), entries.slice(0, i));
      const state = stateFromLegacy({ ...(view as unknown as LegacySnapshot), notes, trail: { seq: i + 1 }, ids: 10 });
      const targets: CommandTarget[] = [{}, ...view.tasks.map((t) => ({ taskId: t.id })), { level: 'high' }, { assignee: 'c.worker' }];
      for (const command of CASE_COMMANDS) {
        for (const target of targets) {
          const onView = commandRefusal(view, command, target);
          const onState = commandRefusal(state, command, target);
          // Over the state a done task is gone; both refuse it, the view saying how it ended.
          if ((command === 'completeTask' || command === 'routeTask') && target.taskId && view.tasks.find((t) => t.id === target.taskId)?.status !== 'open') {
            expect(onView?.type, `${command} ${target.taskId} after entry ${i}`).to.equal('InvalidTransition');
            expect(onState?.type, `${command} ${target.taskId} after entry ${i}`).to.be.oneOf(['InvalidTransition', 'InvalidData']);
            continue;
          }
          expect(onState, `${command} ${JSON.stringify(target)} after entry ${i}`).to.deep.equal(onView);
        }
      }
    }
  });
});
