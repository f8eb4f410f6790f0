/** Steps that bring a case to a phase over HTTP, so each lifecycle test starts where its point is. */
import { expect } from 'chai';
import type { TestSystem } from './system';

export const intake = { client_name: 'Ada Lovelace', client_email: 'ada@example.org', eligible: true };
export const highRisk = { severity: 5, housing_risk: true, supports: 1 };
export const lowRisk = { severity: 1, housing_risk: false };

export async function ok(sys: TestSystem, path: string, body: unknown = {}) {
  const res = await sys.http.post(path, body);
  expect(res.status, `${path}: ${JSON.stringify(res.body)}`).to.equal(path === '/cases' ? 201 : 200);
  return res.body;
}

export async function openCase(sys: TestSystem, definition = 'quick-case') {
  return ok(sys, '/cases', { definition, title: 'Housing support', intake });
}

export async function toAssessment(sys: TestSystem, definition = 'quick-case'): Promise<string> {
  const { id } = await openCase(sys, definition);
  await ok(sys, `/cases/${id}/screening`, { decision: 'accept', reason: 'Meets the criteria' });
  return id;
}

/** Assessed at low risk with the template plan: no approval needed, so the case is in implementation. */
export async function toImplementation(sys: TestSystem, definition = 'quick-case'): Promise<string> {
  const id = await toAssessment(sys, definition);
  await ok(sys, `/cases/${id}/assessment`, { data: lowRisk });
  await ok(sys, `/cases/${id}/plan`, {});
  return id;
}

export const types = (trail: { items: { type: string }[] }) => trail.items.map((e) => e.type);
