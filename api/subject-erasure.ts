/**
 * Why a person's data may not be erased now: each case about them that is open or on legal hold,
 * with the step that would let the erasure go ahead. Erasure is carried out whole or not at all, so
 * one such case stops it, and the answer names every one of them at once.
 */
import type { CaseView } from '../common/case-view';
import type { SubjectCase } from '../store/subjects';
import { HttpError } from './problem';

export interface ErasureBlocker {
  caseId: string;
  why: 'open' | 'legal_hold';
  /** The case, its state and what clears it, in words. */
  message: string;
}

type Facts = Pick<CaseView, 'phase' | 'legalHold'>;

export function erasureBlockers(cases: ReadonlyArray<SubjectCase & { view?: Facts }>): ErasureBlocker[] {
  const blockers: ErasureBlocker[] = [];
  for (const c of cases) {
    if (c.status !== 'closed') {
      const state = c.status === 'on_hold' ? 'on hold' : `open, in ${c.view?.phase ?? 'a phase'}`;
      blockers.push({ caseId: c.id, why: 'open', message: `case ${c.id} is ${state}: close it (POST /cases/${c.id}/close with a reason withdraws it) or let it reach its end, then send the erasure again` });
    }
    if (c.view?.legalHold) {
      blockers.push({ caseId: c.id, why: 'legal_hold', message: `case ${c.id} is on legal hold (${c.view.legalHold.reason}): release the hold (POST /cases/${c.id}/legal-hold/release with a reason) before it can be erased` });
    }
  }
  return blockers;
}

/** The 409 naming every blocking case, each as a problem of the `identifier` field. */
export function erasureRefused(blockers: ReadonlyArray<ErasureBlocker>): HttpError {
  const title = blockers.some((b) => b.why === 'open') ? 'Cases Open' : 'Legal Hold';
  const detail = `nothing was erased: ${blockers.length === 1 ? 'a case' : `${blockers.length} cases`} about the person stop it. ${blockers.map((b) => b.message).join('; ')}`;
  return new HttpError(409, title, detail, blockers.map((b) => ({ field: 'identifier', message: b.message })));
}
