/**
 * Reopening a closed case: a new run under the case's own workflow id, started from the case's view
 * in the read model (the closed run's history may be gone by the namespace's retention). New cases
 * start with a reuse policy that refuses a closed case's id; only a reopening starts one again.
 * The reopened case runs by the definition version it ran by before.
 */
import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Actor, CaseInput } from '../common/case-types';
import type { CaseView } from '../common/case-view';
import { caseOpenedUpdate } from '../common/messages';
import { reopenedState, reopenRefusal } from '../common/reopen';
import * as sa from '../common/search-attributes';
import { getCaseOrigin, getCaseView } from '../store/cases';
import type { Db } from '../store/db';
import { getDefinitionVersion } from '../store/definitions';
import type { CaseService } from './case-service';
import { systemClock, type Clock } from './idempotency';
import { HttpError, notFound } from './problem';

export interface ReopenDeps {
  client: Client;
  db: Db;
  taskQueue: string;
  cases: CaseService;
  historyLimit?: number;
  clock?: Clock;
}

export function createCaseReopener({ client, db, taskQueue, cases, historyLimit, clock = systemClock }: ReopenDeps) {
  return async function reopenCase(id: string, reason: string, actor: Actor): Promise<CaseView> {
    const view = await getCaseView(db, id);
    if (!view) throw notFound('the case');
    const pinned = await getDefinitionVersion(db, view.definition.key, view.definition.version);
    if (!pinned) throw new HttpError(409, 'Invalid Transition', `the definition version the case ran by (${view.definition.key} v${view.definition.version}) is not on record`);
    const refusal = reopenRefusal(view, pinned.definition, actor, clock());
    if (refusal) throw new HttpError(refusal.type === 'Forbidden' ? 403 : 409, refusal.type === 'Forbidden' ? 'Forbidden' : 'Invalid Transition', refusal.message);
    const rule = pinned.definition.reopen!;
    const origin = await getCaseOrigin(db, id);
    const input: CaseInput = {
      caseId: id,
      number: view.number,
      title: view.title,
      subject: view.subject,
      team: view.team,
      assignee: view.assignee,
      intake: view.intake,
      definition: { key: pinned.key, version: pinned.version, hash: pinned.hash },
      openedBy: actor,
      historyLimit,
      carried: reopenedState(view),
      reopened: { by: actor.id, reason, phase: rule.phase, closure: view.closure!, closedAt: view.closedAt! },
      ...(origin ? { origin } : {}),
    };
    const start = new WithStartWorkflowOperation('caseWorkflow', {
      workflowId: id,
      taskQueue,
      args: [input],
      // A run still finishing its closing (making its report) is not started over.
      workflowIdConflictPolicy: 'FAIL',
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      memo: { title: view.title, ...(view.subject ? { subject: view.subject } : {}), ...(origin ? { origin } : {}), reopened: true },
      typedSearchAttributes: [
        { key: sa.CaseType, value: view.definition.key },
        { key: sa.CasePhase, value: rule.phase },
        { key: sa.CaseStatus, value: 'open' },
        { key: sa.CaseTeam, value: view.team },
        ...(view.assignee ? [{ key: sa.CaseAssignee, value: view.assignee }] : []),
      ],
    });
    try {
      return await cases.recorded(id, await client.workflow.executeUpdateWithStart(caseOpenedUpdate, { startWorkflowOperation: start }));
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) {
        throw new HttpError(409, 'Invalid Transition', 'the case is running (it was reopened already, or its closed run is still making its report); read it again in a moment');
      }
      throw err;
    }
  };
}

export type CaseReopener = ReturnType<typeof createCaseReopener>;
