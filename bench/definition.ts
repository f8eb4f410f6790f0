/**
 * The benchmark's case type: the tests' quick case with follow-ups a month apart and no deadlines,
 * so no timer fires while the benchmark runs and every workflow task comes from a command. The
 * post-transition contact stays a second away, so the lifecycle part can finish.
 */
import { canonicalHash } from '../definitions/loader';
import { definitionSchema, type DefinitionInput } from '../common/definition-schema';
import type { Db } from '../store/db';
import { saveDefinitionVersion } from '../store/definitions';
import { quickCase } from '../test/fixtures/definitions';

export const BENCH_DEFINITION = 'bench-case';

export const benchCase: DefinitionInput = {
  ...quickCase,
  key: BENCH_DEFINITION,
  name: 'Benchmark case',
  description: 'A case type whose timers never fire during a benchmark',
  follow_up: { cadence: { low: 'P30D', moderate: 'P30D', high: 'P30D' }, window: 'P7D' },
  contact: { enabled: true, delay: 'PT1S' },
  deadlines: {},
  notifications: [],
};

/** Intake that a person screens: the case waits in screening for a command. */
export const intake = { client_name: 'Ada Lovelace', client_email: 'ada@example.org', eligible: true };
/** Intake that the definition's referral rule accepts by itself, saving a command per case. */
export const referredIntake = { ...intake, channel: 'referral' };

export async function publishBenchDefinition(db: Db): Promise<void> {
  const definition = definitionSchema.parse(benchCase);
  await saveDefinitionVersion(db, definition, canonicalHash(definition), { id: 'bench', teams: 'any', approves: true });
}
