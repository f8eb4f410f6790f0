/**
 * Destroying a case past its retention, once approved: the read model's personal data in one
 * transaction (store/retention.ts), then the document bytes no other case references, then every
 * run of the case's workflow in Temporal; a record of what was destroyed, when and by whose
 * approval is kept. A purge cut short (the API stopped midway) is finished by approving again.
 */
import type { Client } from '@temporalio/client';
import type { Actor } from '../common/case-types';
import { destructionApprovalRefusal } from '../common/retention-rules';
import { CaseNotClosedError, getCaseRow } from '../store/cases';
import type { Db } from '../store/db';
import { getDefinitionVersion } from '../store/definitions';
import { isContentReferenced } from '../store/documents';
import { getRetentionReview, LegalHoldError, purgeCaseRecords, recordDestruction, type Destruction } from '../store/retention';
import { waitForRunToEnd } from './case-annotations';
import { removeContent, type DocumentStorage } from './document-files';
import { HttpError, notFound } from './problem';

export interface PurgeDeps {
  client: Client;
  db: Db;
  storage: DocumentStorage;
}

/** Every run of the workflow under `workflowId`, deleted from Temporal; answers how many. */
async function deleteRuns(client: Client, workflowId: string): Promise<number> {
  const namespace = client.options.namespace;
  const runs = new Set<string>();
  for await (const w of client.workflow.list({ query: `WorkflowId = "${workflowId}"` })) runs.add(w.runId);
  try {
    runs.add((await client.workflow.getHandle(workflowId).describe()).runId);
  } catch {
    // no run left under the id: nothing more to delete
  }
  for (const runId of runs) {
    await client.workflowService.deleteWorkflowExecution({ namespace, workflowExecution: { workflowId, runId } }).catch((err: { code?: number }) => {
      // NOT_FOUND (5): deleted already, by an earlier attempt of this purge.
      if (err.code !== 5) throw err;
    });
  }
  return runs.size;
}

export function createCasePurger({ client, db, storage }: PurgeDeps) {
  /** Destroys a closed case's personal data everywhere, and records it. */
  const destroy = async (caseId: string, definitionKey: string, reason: string, actor: Actor, listed: { listedAt: string; dueAt?: string }): Promise<Destruction> => {
    await waitForRunToEnd(client, caseId);
    const purgedAt = new Date();
    const records = await purgeCaseRecords(db, caseId, { by: actor.id, reason, listedAt: listed.listedAt }, purgedAt).catch((err: unknown) => {
      if (err instanceof LegalHoldError) throw new HttpError(409, 'Legal Hold', err.message);
      if (err instanceof CaseNotClosedError) throw new HttpError(409, 'Invalid Transition', err.message);
      throw err;
    });
    let removed = 0;
    for (const sha256 of records.contents) {
      if (await isContentReferenced(db, sha256)) continue;
      await removeContent(storage, sha256);
      removed++;
    }
    const runs = await deleteRuns(client, caseId);
    const { contents: _c, ...counts } = records;
    return recordDestruction(db, {
      caseId,
      definitionKey,
      approvedBy: actor.id,
      reason,
      purgedAt: purgedAt.toISOString(),
      details: { ...counts, contentsRemoved: removed, contentsKept: records.contents.length - removed, workflowRuns: runs, ...listed },
    });
  };

  return {
    destroy,
    /** Approves the destruction of a case the daily review listed: by admin or the definition's retention approver. */
    async approve(caseId: string, reason: string, actor: Actor): Promise<Destruction> {
      const review = await getRetentionReview(db, caseId);
      if (!review) throw notFound('a retention review of the case (a case is destroyed once the daily review lists it)');
      const row = await getCaseRow(db, caseId);
      if (!row) throw notFound('the case');
      const definition = (await getDefinitionVersion(db, row.definitionKey, row.definitionVersion))?.definition;
      const refusal = destructionApprovalRefusal(row.definitionKey, definition, actor);
      if (refusal) throw new HttpError(403, 'Forbidden', refusal.message);
      return destroy(caseId, row.definitionKey, reason, actor, { listedAt: review.listedAt, dueAt: review.dueAt });
    },
  };
}

export type CasePurger = ReturnType<typeof createCasePurger>;
