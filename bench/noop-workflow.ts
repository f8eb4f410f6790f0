/**
 * The raw baseline: a workflow that does nothing but count the updates it takes. It shows what
 * Temporal alone costs on this machine, against which the case engine is measured.
 *
 * Beside it, the same workflow with one cost of a case command added at a time (a search attribute
 * upsert, a local activity), so the benchmark can tell how much each adds on this machine.
 */
import { condition, defineUpdate, proxyLocalActivities, setHandler, sleep, upsertSearchAttributes } from '@temporalio/workflow';
import { CaseDueAt } from '../common/search-attributes';

export const incrementUpdate = defineUpdate<number>('increment');

export interface Costs {
  /** Upserts a Datetime search attribute that changes each time, as a follow-up's due date does. */
  searchAttribute?: boolean;
  /** Awaits a local activity that does nothing, as a command awaits the recording of its change. */
  localActivity?: boolean;
  /** How long the local activity keeps its worker busy, in ms; none by default. */
  localActivityMs?: number;
}

export const costedIncrementUpdate = defineUpdate<number, [Costs]>('costedIncrement');

export interface BaselineActivities {
  nothing(ms?: number): Promise<void>;
}

const { nothing } = proxyLocalActivities<BaselineActivities>({ startToCloseTimeout: '10s' });

export async function noopWorkflow(): Promise<void> {
  let count = 0;
  setHandler(incrementUpdate, () => ++count);
  await condition(() => false);
}

/** What the workflow holds besides its count, as a case in its implementation loop does. */
export interface HeldState {
  /** A timer pending for a day, as a case's next due date is. */
  pendingTimer?: boolean;
}

export async function costedNoopWorkflow(held: HeldState = {}): Promise<void> {
  let count = 0;
  if (held.pendingTimer) void sleep('1 day');
  setHandler(costedIncrementUpdate, async (costs) => {
    count++;
    if (costs.searchAttribute) upsertSearchAttributes([{ key: CaseDueAt, value: new Date(Date.UTC(2030, 0, 1) + count * 1000) }]);
    if (costs.localActivity) await (costs.localActivityMs ? nothing(costs.localActivityMs) : nothing());
    return count;
  });
  await condition(() => false);
}
