/**
 * Capabilities: what a person can do, by name and level (1 to 5), and what a task needs. Pure, so
 * the routing store, the workflow's plan tasks and the console judge a match by the same rule.
 */

export const CAPABILITY_NAME = /^[a-z][a-z0-9._:-]{0,63}$/;
export const MIN_LEVEL = 1;
export const MAX_LEVEL = 5;

/** A capability a person has, or one a task needs at least at this level. */
export interface Capability {
  name: string;
  level: number;
}

/** What a task asks of whoever takes it: `requires` all, and `prefers` as many as may be. */
export interface CapabilityNeeds {
  requires?: readonly Capability[];
  prefers?: readonly Capability[];
}

const levelOf = (has: readonly Capability[], name: string) => has.find((c) => c.name === name)?.level ?? 0;

/** The required capabilities the person lacks, or has below the level asked: empty when they may take the task. */
export function missingCapabilities(has: readonly Capability[], needs: CapabilityNeeds): Capability[] {
  return (needs.requires ?? []).filter((r) => levelOf(has, r.name) < r.level);
}

export const meetsNeeds = (has: readonly Capability[], needs: CapabilityNeeds) => missingCapabilities(has, needs).length === 0;

/** The required and preferred capabilities the person meets, each at the level they have it. */
export function matchedCapabilities(has: readonly Capability[], needs: CapabilityNeeds): { required: Capability[]; preferred: Capability[] } {
  const met = (list: readonly Capability[] = []) => list.filter((n) => levelOf(has, n.name) >= n.level).map((n) => ({ name: n.name, level: levelOf(has, n.name) }));
  return { required: met(needs.requires), preferred: met(needs.prefers) };
}

/** Words for a list of capabilities: `fraud-forensics ≥ 3, language:pl ≥ 2`. */
export const describeCapabilities = (list: readonly Capability[]) => list.map((c) => `${c.name} ≥ ${c.level}`).join(', ');
