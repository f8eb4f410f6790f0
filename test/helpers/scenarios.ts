/**
 * Whole cases driven over HTTP, shared by the tests, the history recorder and the benchmark:
 * each returns the case id once the case is closed.
 */
import { highRisk, lowRisk, ok, toAssessment } from './cases';
import { eventually } from './eventually';
import type { TestSystem } from './system';

/** A full lifecycle with one re-assessment and three follow-ups, through transition and contact. */
export async function fullLifecycle(sys: TestSystem, definition = 'quick-case'): Promise<string> {
  const id = await toAssessment(sys, definition);
  await ok(sys, `/cases/${id}/assessment`, { data: highRisk });
  await ok(sys, `/cases/${id}/plan`, {});
  await ok(sys, `/cases/${id}/plan/approve`, {});
  await ok(sys, `/cases/${id}/follow-ups`, { outcome: 'on_track' });
  await ok(sys, `/cases/${id}/follow-ups`, { outcome: 'reassess' });
  await ok(sys, `/cases/${id}/assessment`, { data: lowRisk });
  await ok(sys, `/cases/${id}/plan`, {});
  await ok(sys, `/cases/${id}/follow-ups`, { outcome: 'goals_met' });
  await ok(sys, `/cases/${id}/transition`, { data: { destination: 'Community support' } });
  await eventually(async () => {
    const view = (await sys.http.get(`/cases/${id}`)).body;
    if (view.phase !== 'contact') throw new Error(`still in ${view.phase}`);
  });
  await ok(sys, `/cases/${id}/contact`, { data: { doing_well: true } });
  await ok(sys, `/cases/${id}/evaluation`, { data: { satisfaction: 5, cost: 900 } });
  return id;
}

/** A case held, noted, reassigned and withdrawn during assessment. */
export async function withdrawnCase(sys: TestSystem, definition = 'quick-case'): Promise<string> {
  const id = await toAssessment(sys, definition);
  await ok(sys, `/cases/${id}/hold`, { reason: 'Client in hospital' });
  await ok(sys, `/cases/${id}/notes`, { text: 'Spoke with the ward' });
  await ok(sys, `/cases/${id}/resume`, {});
  await ok(sys, `/cases/${id}/assignment`, { assignee: 'jo' });
  await ok(sys, `/cases/${id}/close`, { reason: 'Client moved away' });
  return id;
}

/** A case withdrawn in implementation while its first follow-up is still to come. */
export async function withdrawnInFollowUps(sys: TestSystem, definition = 'quick-case'): Promise<string> {
  const id = await toAssessment(sys, definition);
  await ok(sys, `/cases/${id}/assessment`, { data: lowRisk });
  await ok(sys, `/cases/${id}/plan`, {});
  await ok(sys, `/cases/${id}/close`, { reason: 'Client moved away' });
  return id;
}
