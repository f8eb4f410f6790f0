/**
 * Exports and a person's rights: one case as a ZIP archive; everything held about a person (by the
 * intake field their case's definition marks as identifying them) as one archive; erasure and
 * correction of that person's data on request, each recorded.
 */
import { Router } from 'express';
import type { z } from 'zod';
import type { Actor, FormData } from '../../common/case-types';
import { validateForm } from '../../definitions/forms';
import { recordAudit } from '../../store/audit-log';
import { getCaseView } from '../../store/cases';
import type { Db } from '../../store/db';
import { getDefinitionVersion } from '../../store/definitions';
import { casesOfSubject } from '../../store/subjects';
import type { Annotator } from '../case-annotations';
import { archive, caseFiles, sendZip } from '../case-export';
import type { CasePurger } from '../case-purge';
import type { DocumentStorage } from '../document-files';
import { invalid } from '../problem';
import { erasureBlockers, erasureRefused } from '../subject-erasure';
import { caseIdParams } from '../schemas/cases';
import { correctBody, eraseBody, subjectQuery } from '../schemas/case-lifecycle';
import { validate } from '../validate';

export function exportRoutes({ db, storage, annotate, purge }: { db: Db; storage: DocumentStorage; annotate: Annotator; purge: CasePurger }): Router {
  const router = Router();

  router.get('/cases/:id/export', validate({ params: caseIdParams }), async (_req, res) => {
    const id = res.locals.params.id as string;
    sendZip(res, id, archive(await caseFiles(db, storage, id)));
  });

  router.get('/subjects/export', validate({ query: subjectQuery }), async (_req, res) => {
    const { identifier } = res.locals.query as z.infer<typeof subjectQuery>;
    const cases = await casesOfSubject(db, identifier);
    const files = { 'subject.json': new TextEncoder().encode(JSON.stringify({ identifier, exportedAt: new Date().toISOString(), cases }, null, 2)) };
    for (const c of cases) Object.assign(files, await caseFiles(db, storage, c.id, `cases/${c.id}/`));
    await recordAudit(db, { actor: (res.locals.actor as Actor).id, action: 'subject.exported', subject: 'subject', details: { cases: cases.map((c) => c.id) } });
    sendZip(res, 'subject-access', archive(files));
  });

  // Erasure destroys every closed case about the person, as a purge does; cases open or on legal
  // hold are each named with the step that clears them, and nothing is erased until none is left.
  router.post('/subjects/erase', validate({ body: eraseBody }), async (_req, res) => {
    const { identifier, reason } = res.locals.body as z.infer<typeof eraseBody>;
    const actor = res.locals.actor as Actor;
    const cases = await casesOfSubject(db, identifier);
    const blockers = erasureBlockers(await Promise.all(cases.map(async (c) => ({ ...c, view: await getCaseView(db, c.id) }))));
    if (blockers.length > 0) throw erasureRefused(blockers);
    const destroyed = [];
    for (const c of cases) destroyed.push(await purge.destroy(c.id, c.definitionKey, `erasure on request: ${reason}`, actor, { listedAt: new Date().toISOString() }));
    await recordAudit(db, { actor: actor.id, action: 'subject.erased', subject: 'subject', details: { cases: cases.map((c) => c.id), reason } });
    res.json({ items: destroyed });
  });

  router.post('/subjects/correct', validate({ body: correctBody }), async (_req, res) => {
    const { identifier, intake, reason } = res.locals.body as z.infer<typeof correctBody>;
    const actor = res.locals.actor as Actor;
    const cases = await casesOfSubject(db, identifier);
    // Every case's corrected intake must still fit its form before any is changed.
    for (const c of cases) {
      const view = await getCaseView(db, c.id);
      const form = (await getDefinitionVersion(db, c.definitionKey, c.definitionVersion))?.definition.forms.intake ?? [];
      const errors = validateForm(form, { ...(view?.intake ?? {}), ...intake } as FormData);
      if (errors.length > 0) throw invalid(errors.map((e) => ({ field: `intake.${e.field}`, message: `${e.message} (case ${c.id})` })));
    }
    for (const c of cases) await annotate(c.id, { type: 'personal_data_corrected', data: { intake, reason } }, actor);
    await recordAudit(db, { actor: actor.id, action: 'subject.corrected', subject: 'subject', details: { cases: cases.map((c) => c.id), fields: Object.keys(intake), reason } });
    res.json({ items: cases.map((c) => c.id) });
  });
  return router;
}
