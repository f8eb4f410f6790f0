import type { UpdateDefinition } from '@temporalio/common';
import type { CommandAnswer } from '../common/case-types';
import type { CaseFile } from './case-file';
import { wait } from './timers';

/** Waits for the next command of a kind, posted by its update handler, and takes it. */
export async function nextCommand<T>(c: CaseFile, update: UpdateDefinition<CommandAnswer, [T]>): Promise<T> {
  await wait(c, () => c.inbox.has(update.name));
  return c.inbox.take<T>(update.name);
}
