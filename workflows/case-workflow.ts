/**
 * A case, from its request to its closing, as one durable workflow. Each phase is a function that
 * reads like the process; people act through updates, and every wait is durable.
 */
import { condition, allHandlersFinished } from '@temporalio/workflow';
import type { CaseInput, CaseView } from '../common/case-types';
import { CaseFile } from './case-file';
import { registerHandlers } from './handlers';
import { publish } from './publish';
import { CaseEnded, rest } from './rest';
import { screening } from './phases/screening';

export async function caseWorkflow(input: CaseInput): Promise<CaseView> {
  const c = new CaseFile(input);
  registerHandlers(c);
  try {
    if (!input.carried) c.record('case_opened', input.openedBy.id, { title: input.title, definition: input.definition.key, version: input.definition.version });
    await run(c);
  } catch (err) {
    if (!(err instanceof CaseEnded)) throw err;
  }
  await publish(c);
  c.inbox.settle();
  await condition(allHandlersFinished);
  return c.view();
}

async function run(c: CaseFile): Promise<void> {
  if (c.s.phase === 'screening' && !(await screening(c))) return;
  if (c.s.phase === 'screening') c.enter('assessment');
  await rest(c, () => false);
}
