/** Placing and releasing a legal hold on a case, with a reason: by admin or a role the definition's retention names; both go into the trail. */
import type { Actor } from '../common/case-types';
import type { CaseView } from '../common/case-view';
import { legalHoldRefusal } from '../common/retention-rules';
import { getCaseView } from '../store/cases';
import type { Db } from '../store/db';
import { getDefinitionVersion } from '../store/definitions';
import type { Annotator } from './case-annotations';
import { HttpError, notFound } from './problem';

export function createLegalHolds({ db, annotate }: { db: Db; annotate: Annotator }) {
  return async function setLegalHold(id: string, placing: boolean, reason: string, actor: Actor): Promise<CaseView> {
    const view = await getCaseView(db, id);
    if (!view) throw notFound('the case');
    const definition = (await getDefinitionVersion(db, view.definition.key, view.definition.version))?.definition;
    const refusal = legalHoldRefusal(view, definition, actor, placing);
    if (refusal) throw new HttpError(refusal.type === 'Forbidden' ? 403 : 409, refusal.type === 'Forbidden' ? 'Forbidden' : 'Invalid Transition', refusal.message);
    await annotate(id, placing ? { type: 'legal_hold_placed', data: { reason } } : { type: 'legal_hold_released', data: { reason } }, actor);
    return (await getCaseView(db, id))!;
  };
}

export type LegalHolds = ReturnType<typeof createLegalHolds>;
