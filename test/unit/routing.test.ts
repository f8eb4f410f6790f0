/** Capability matching and the definition format's routing keys, checked with paths a designer can find. */
import { expect } from 'chai';
import { matchedCapabilities, meetsNeeds, missingCapabilities } from '../../common/capabilities';
import { commandRefusal } from '../../common/command-fit';
import { validateDefinition } from '../../definitions/validate';
import { quickCase } from '../fixtures/definitions';

describe('capabilities', () => {
  const needs = { requires: [{ name: 'fraud-forensics', level: 3 }], prefers: [{ name: 'language:pl', level: 2 }] };

  it('lets a person take a task only with every required capability at its level or above', () => {
    expect(meetsNeeds([{ name: 'fraud-forensics', level: 2 }], needs)).to.equal(false);
    expect(missingCapabilities([{ name: 'fraud-forensics', level: 2 }], needs)).to.deep.equal([{ name: 'fraud-forensics', level: 3 }]);
    expect(meetsNeeds([], needs)).to.equal(false);
    expect(meetsNeeds([{ name: 'fraud-forensics', level: 3 }], needs)).to.equal(true);
    expect(meetsNeeds([], {})).to.equal(true);
  });

  it('names the capabilities matched, at the level the person has them', () => {
    expect(matchedCapabilities([{ name: 'fraud-forensics', level: 5 }, { name: 'language:pl', level: 1 }], needs)).to.deep.equal({ required: [{ name: 'fraud-forensics', level: 5 }], preferred: [] });
  });
});

describe('routing in a definition', () => {
  const withTask = (task: object, routing?: object) => ({
    ...quickCase,
    planning: { ...quickCase.planning, low: { goals: [], tasks: [{ title: 'Review', role: 'case_manager', due: 'P1D', ...task }] } },
    ...(routing ? { routing } : {}),
  });

  it('takes required and preferred capabilities on plan tasks and a rule per phase', () => {
    const result = validateDefinition(withTask({ requires: [{ name: 'fraud-forensics', level: 3 }], prefers: [{ name: 'language:pl', level: 1 }] }, { planning: { tasks: 'least_loaded' }, implementation: { owner: 'round_robin' } }));
    expect(result.ok, JSON.stringify(result)).to.equal(true);
  });

  it('refuses a bad capability, level or rule with the path of each', () => {
    const result = validateDefinition(withTask({ requires: [{ name: 'Fraud Forensics', level: 6 }] }, { planning: { tasks: 'fastest' }, closed: { owner: 'keep' } }));
    expect(result.ok).to.equal(false);
    const paths = (result.ok ? [] : result.errors).map((e) => e.path);
    expect(paths).to.include.members(['planning.low.tasks[0].requires[0].name', 'planning.low.tasks[0].requires[0].level', 'routing.planning.tasks']);
    expect(paths.some((p) => p.startsWith('routing'))).to.equal(true);
  });
});

describe("routing a task: the command's fit", () => {
  const facts = { phase: 'implementation' as const, status: 'open' as const, tasks: [{ id: 't1', assignee: 'sam' }, { id: 't2' }], ids: 3 };

  it('refuses handing a task to whoever holds it, a queued task to the queue, and a task that is gone', () => {
    expect(commandRefusal(facts, 'routeTask', { taskId: 't1', assignee: 'ann' })).to.equal(undefined);
    expect(commandRefusal(facts, 'routeTask', { taskId: 't1', assignee: 'sam' })?.field).to.equal('assignee');
    expect(commandRefusal(facts, 'routeTask', { taskId: 't2' })?.message).to.match(/queue already/);
    expect(commandRefusal(facts, 'routeTask', { taskId: 't3', assignee: 'ann' })?.type).to.equal('InvalidTransition');
    expect(commandRefusal({ ...facts, status: 'closed' }, 'routeTask', { taskId: 't1', assignee: 'ann' })?.type).to.equal('InvalidTransition');
  });
});
