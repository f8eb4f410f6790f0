/**
 * Every shipped definition, run as a case from request to completed close over HTTP, with data made
 * from its own forms: a file that validates but cannot carry a case through fails here.
 */
import { expect } from 'chai';
import path from 'node:path';
import type { CaseView } from '../../common/case-view';
import type { Phase } from '../../common/phases';
import { loadDefinitionFiles } from '../../definitions/loader';
import type { Definition, FormName } from '../../common/definition-schema';
import { ok } from '../helpers/cases';
import { eventually } from '../helpers/eventually';
import { sampleForm } from '../helpers/sample-form';
import { publishDefinition, startSystem, type TestSystem } from '../helpers/system';

/** The phases a case visits when every step succeeds first time and the follow-up finds the goals met. */
function expectedPhases(d: Definition, level: keyof Definition['planning']): Phase[] {
  return [
    'screening',
    'assessment',
    'planning',
    ...(d.planning[level].approval ? (['approval'] as const) : []),
    'implementation',
    ...(d.transition.enabled ? (['transition'] as const) : []),
    ...(d.contact.enabled ? (['contact'] as const) : []),
    'evaluation',
    'closed',
  ];
}

describe('shipped definitions: each runs a case end to end', () => {
  let sys: TestSystem;
  before(async () => {
    sys = await startSystem();
  });
  after(async () => sys?.stop());

  for (const { file, definition } of loadDefinitionFiles()) {
    it(`${path.basename(file)}: screening to a completed close, with a trail that verifies`, async () => {
      // The shipped contact delays are days long; a copy waiting one second lets the test see the contact phase.
      const published = definition.contact.enabled ? { ...definition, contact: { ...definition.contact, delay: 'PT1S' } } : definition;
      await publishDefinition(sys.db, published);
      const form = (name: FormName) => sampleForm(definition.forms[name]);
      let view: CaseView = await ok(sys, '/cases', { definition: definition.key, title: `${definition.name}: end to end`, intake: form('intake') });
      const send = (command: string, body: unknown): Promise<CaseView> => ok(sys, `/cases/${view.id}/${command}`, body);
      expect(view.definition).to.deep.equal({ key: definition.key, version: 1 });
      if (view.phase === 'screening') view = await send('screening', { decision: 'accept', reason: 'Meets the criteria' });
      expect(view.phase, 'screened in').to.equal('assessment');

      view = await send('assessment', { data: form('assessment') });
      expect(view.phase).to.equal('planning');
      const level = view.risk!.level;
      view = await send('plan', {});
      if (definition.planning[level].approval) {
        expect(view.phase).to.equal('approval');
        view = await send('plan/approve', { reason: 'Plan fits the risk' });
      }
      expect(view.phase).to.equal('implementation');

      // A follow-up may be recorded before its cadence falls due; it decides where the case goes.
      view = await send('follow-ups', { outcome: 'goals_met', note: 'Every goal reached' });
      if (definition.transition.enabled) {
        expect(view.phase).to.equal('transition');
        view = await send('transition', { data: form('transition') });
        if (definition.contact.enabled) {
          await eventually(async () => expect((await sys.http.get(`/cases/${view.id}`)).body.phase).to.equal('contact'));
          view = await send('contact', { data: form('contact') });
        }
      }
      expect(view.phase).to.equal('evaluation');
      view = await send('evaluation', { data: form('evaluation') });

      expect(view).to.deep.include({ phase: 'closed', status: 'closed', closure: 'completed' });
      expect(view.visits.map((v) => v.phase)).to.deep.equal(expectedPhases(definition, level));
      const verified = await sys.http.get(`/cases/${view.id}/events/verify`);
      expect(verified.status).to.equal(200);
      expect(verified.body.valid, JSON.stringify(verified.body)).to.equal(true);
    });
  }
});
