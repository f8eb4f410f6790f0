/**
 * Linking two cases, with a kind and a reason: both must be cases the person may see (one they may
 * not is answered as if it did not exist), and each case's trail records the link, in order with
 * its commands while it runs.
 */
import type { Actor } from '../common/case-types';
import { recordAudit } from '../store/audit-log';
import { addCaseLink, LinkExistsError, listCaseLinks, type CaseLink, type LinkKind } from '../store/case-links';
import { getCaseRow, getCaseView } from '../store/cases';
import { writeTransaction, type Db } from '../store/db';
import { maySeeCase } from './auth/authorize';
import type { Annotator } from './case-annotations';
import { HttpError, invalid, notFound } from './problem';

export interface LinkRequest {
  to: string;
  kind: LinkKind;
  reason: string;
}

export function createCaseLinker({ db, annotate, clock = () => new Date() }: { db: Db; annotate: Annotator; clock?: () => Date }) {
  return async function linkCases(id: string, { to, kind, reason }: LinkRequest, actor: Actor): Promise<CaseLink> {
    if (!(await getCaseRow(db, id))) throw notFound('the case');
    if (to === id) throw invalid([{ field: 'to', message: 'a case is not linked to itself' }]);
    if (!(await maySeeCase(db, actor, to))) throw invalid([{ field: 'to', message: `no case ${to} that you may see` }]);
    // A destroyed case keeps no links (the purge removed them), and takes no new words about it.
    for (const c of [id, to]) if ((await getCaseView(db, c))?.purged) throw new HttpError(409, 'Invalid Transition', `case ${c} was destroyed; it is not linked`);
    if ((await listCaseLinks(db, id)).some((l) => l.direction === 'outgoing' && l.caseId === to && l.kind === kind)) {
      throw new HttpError(409, 'Conflict', `${id} is linked to ${to} as ${kind} already`);
    }
    await annotate(id, { type: 'case_linked', data: { caseId: to, kind, reason, direction: 'outgoing' } }, actor);
    await annotate(to, { type: 'case_linked', data: { caseId: id, kind, reason, direction: 'incoming' } }, actor);
    return writeTransaction(db, async (trx) => {
      const made = await addCaseLink(trx, { from: id, to, kind, reason, by: actor.id, at: clock().toISOString() }).catch((err: unknown) => {
        if (err instanceof LinkExistsError) throw new HttpError(409, 'Conflict', err.message);
        throw err;
      });
      await recordAudit(trx, { actor: actor.id, action: 'case.linked', subject: `case:${id}`, details: { to, kind, reason } });
      return made;
    });
  };
}

export type CaseLinker = ReturnType<typeof createCaseLinker>;
