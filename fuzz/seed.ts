/**
 * The system under test and what the run aims at: users of every role, "target" cases that the
 * generated commands may change, and "witness" cases that only ever receive reads, so any change
 * to a witness is a change a request should not have made.
 */
import { intake, lowRisk } from '../test/helpers/cases';
import { startSystem, type Http, type TestSystem, type TestUser } from '../test/helpers/system';
import { quickCase } from '../test/fixtures/definitions';
import type { DefinitionInput } from '../common/definition-schema';

/** The quick case with timers far beyond the run, so that no seeded case changes by itself. */
export const fuzzDefinition: DefinitionInput = {
  ...quickCase,
  follow_up: { cadence: { low: 'P30D', moderate: 'P30D', high: 'P30D' }, window: 'P7D' },
  contact: { enabled: true, delay: 'P30D' },
};

export interface Seeded {
  sys: TestSystem;
  actors: Record<string, Http>;
  targets: string[];
  witnesses: string[];
  /** Users and keys that PATCH and DELETE may aim at, apart from the callers' own. */
  targetUsers: string[];
  targetKeys: string[];
  snapshot: Map<string, string>;
}

async function must(http: Http, path: string, body: unknown = {}) {
  const res = await http.post(path, body);
  if (res.status >= 300) throw new Error(`seeding ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Opens a case and drives it to one of a few phases: screening, assessment, implementation, closed. */
async function seedCase(http: Http, phase: number): Promise<string> {
  const { id } = await must(http, '/cases', { definition: 'quick-case', title: `Seeded ${phase}`, intake: { ...intake, client_name: `Client ${phase}` } });
  if (phase >= 1) await must(http, `/cases/${id}/screening`, { decision: 'accept', reason: 'Meets the criteria' });
  if (phase >= 2) await must(http, `/cases/${id}/assessment`, { data: lowRisk });
  if (phase >= 3) await must(http, `/cases/${id}/plan`, {});
  if (phase >= 4) await must(http, `/cases/${id}/close`, { reason: 'Withdrawn' });
  return id;
}

/** A case as the admin reads it, with its trail length: what must not move without a 2xx. */
export async function caseState(http: Http, id: string): Promise<string> {
  const [view, trail] = await Promise.all([http.get(`/cases/${id}`), http.get(`/cases/${id}/events`)]);
  return JSON.stringify({ status: view.status, view: view.body, trail: trail.body?.items?.length });
}

export async function trailLength(http: Http, id: string): Promise<number> {
  const res = await http.get(`/cases/${id}/events`);
  return res.body?.items?.length ?? -1;
}

export async function seed(): Promise<Seeded> {
  const sys = await startSystem({ definitions: [fuzzDefinition] });
  const add = (roles: TestUser['roles'], teams = ['team-a']) => sys.addUser({ roles, teams });
  const users = {
    case_manager: await add(['case_manager']),
    supervisor: await add(['supervisor']),
    caseworker: await add(['caseworker']),
    viewer: await add(['viewer']),
    designer: await add(['designer']),
    outsider: await add(['case_manager'], ['team-b']),
  };
  const actors: Record<string, Http> = { admin: sys.http, anonymous: sys.as(''), 'unknown-key': sys.as('cw_not_a_real_key') };
  for (const [name, u] of Object.entries(users)) actors[name] = sys.as(u);
  const spare = [await add(['viewer']), await add(['caseworker']), await add(['case_manager'], ['team-b'])];
  const phases = [0, 1, 2, 3, 3, 4];
  const targets: string[] = [];
  const witnesses: string[] = [];
  for (const p of phases) targets.push(await seedCase(sys.http, p), await seedCase(sys.http, p));
  for (const p of phases) witnesses.push(await seedCase(sys.http, p));
  const snapshot = new Map<string, string>();
  for (const id of witnesses) snapshot.set(id, await caseState(sys.http, id));
  return { sys, actors, targets, witnesses, targetUsers: spare.map((u) => u.id), targetKeys: spare.map((u) => u.keyId), snapshot };
}
