/**
 * Child cases. A plan task may open a case of another definition; the child runs as a workflow of
 * its own, started from the parent (ABANDON: it outlives the parent's run), and on ending it
 * signals the parent by workflow id. A signal reaches whichever run the parent is on, so a parent
 * that continued as new while its child ran still has the task completed; a child workflow's
 * result would go to the run that started it, which has ended by then.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { getExternalWorkflowHandle, ParentClosePolicy, proxyActivities, startChild, uuid4 } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { Actor, CaseInput } from '../common/case-types';
import type { Definition } from '../common/definition-schema';
import { childClosedSignal, withdrawnByParentSignal, type ChildClosedInput, type WithdrawnByParentInput } from '../common/messages';
import { SYSTEM, type CaseFile } from './case-file';
import { completeTask } from './tasks';

type ChildSpec = NonNullable<Definition['planning']['low']['tasks'][number]['child']>;

const { reserveChildCase } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** How many taken numbers a child's opening skips before it gives up, as the API's opening does. */
const MAX_NUMBER_SKIPS = 1000;

/**
 * Opens the child case a task's template names, its intake filled from the parent's as the template
 * maps it. A number whose workflow id Temporal already holds (say, the read model was restored from
 * an older backup) is skipped for the next one, rather than failing the parent.
 */
export async function openChild(c: CaseFile, taskId: string, title: string, spec: ChildSpec, actor: Actor): Promise<void> {
  const intake = Object.fromEntries(
    Object.entries(spec.intake)
      .map(([childField, parentField]) => [childField, c.input.intake[parentField]] as const)
      .filter(([, value]) => value !== undefined),
  );
  for (let attempt = 0; ; attempt++) {
    const reserved = await reserveChildCase({ definition: spec.definition, intake, parentTeam: c.input.team });
    if ('refused' in reserved) {
      c.record('child_refused', SYSTEM, { taskId, definition: spec.definition, reason: reserved.refused });
      return;
    }
    const input: CaseInput = {
      caseId: reserved.caseId,
      number: reserved.number,
      title,
      team: reserved.team,
      intake,
      definition: reserved.definition,
      openedBy: actor,
      historyLimit: c.input.historyLimit,
      origin: uuid4(),
      parent: { caseId: c.id, taskId },
    };
    try {
      await startChild('caseWorkflow', {
        workflowId: reserved.caseId,
        args: [input],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        memo: { title, origin: input.origin },
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError && attempt < MAX_NUMBER_SKIPS) continue;
      throw err;
    }
    c.s.children = [...(c.s.children ?? []), { caseId: reserved.caseId, taskId, open: true }];
    c.record('child_opened', actor.id, { caseId: reserved.caseId, taskId, definition: spec.definition });
    return;
  }
}

export const openChildren = (c: CaseFile) => (c.s.children ?? []).filter((ch) => ch.open);

/** A child's closing reached the parent: its task is done. */
export function childClosed(c: CaseFile, { caseId, taskId, closure }: ChildClosedInput): void {
  const child = c.s.children?.find((ch) => ch.caseId === caseId);
  if (!child?.open) return;
  child.open = false;
  c.record('child_closed', SYSTEM, { caseId, closure });
  if (!c.closed) completeTask(c, taskId, SYSTEM, `child case ${caseId} closed (${closure})`);
  c.wakeTimers();
}

/** The parent closed, withdrawing this case. */
export function withdrawnByParent(c: CaseFile, { reason, by }: WithdrawnByParentInput): void {
  if (c.closed) return;
  c.close('withdrawn', reason, by);
  c.wakeTimers();
}

/** As a case ends: its open children it was closed with are withdrawn, and its parent is told it closed. */
export async function settleFamily(c: CaseFile): Promise<void> {
  const withdrawing = c.s.withdrawingChildren;
  if (withdrawing) {
    for (const child of openChildren(c)) {
      // A child that has ended meanwhile is not found; nothing is left to withdraw.
      await getExternalWorkflowHandle(child.caseId).signal(withdrawnByParentSignal, withdrawing).catch(() => undefined);
    }
  }
  const parent = c.input.parent;
  if (parent && c.s.closure) {
    await getExternalWorkflowHandle(parent.caseId).signal(childClosedSignal, { caseId: c.id, taskId: parent.taskId, closure: c.s.closure }).catch(() => undefined);
  }
}
