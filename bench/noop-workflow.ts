/**
 * The raw baseline: a workflow that does nothing but count the updates it takes. It shows what
 * Temporal alone costs on this machine, against which the case engine is measured.
 */
import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

export const incrementUpdate = defineUpdate<number>('increment');

export async function noopWorkflow(): Promise<void> {
  let count = 0;
  setHandler(incrementUpdate, () => ++count);
  await condition(() => false);
}
