/** The case page: the same service and trail the API reads `GET /cases/:id` and its events from. */
import { Router } from 'express';
import { notFound } from '../../api/problem';
import type { CaseService } from '../../api/case-service';
import { caseIdParams } from '../../api/schemas/cases';
import type { Db } from '../../store/db';
import { getDefinitionVersion } from '../../store/definitions';
import { readTrail, verifyChain } from '../../store/trail';
import { csrfTokenOf, viewerOf } from '../context';
import { peopleNames } from '../people-names';
import { sendPage } from '../render';
import { CasePage } from '../templates/case-page';

export function casePageRoutes({ db, cases, clock }: { db: Db; cases: CaseService; clock: () => Date }): Router {
  const router = Router();
  router.get('/cases/:id', async (req, res) => {
    const parsed = caseIdParams.safeParse({ id: req.params.id });
    if (!parsed.success) throw notFound('the case');
    const view = await cases.view(parsed.data.id);
    const trail = await readTrail(db, view.id);
    const definition = await getDefinitionVersion(db, view.definition.key, view.definition.version);
    sendPage(
      res,
      CasePage({
        viewer: viewerOf(res),
        csrfToken: csrfTokenOf(res),
        view,
        intakeFields: definition?.definition.forms.intake ?? [],
        trail,
        verdict: verifyChain(trail),
        now: clock(),
        names: await peopleNames(db),
        justOpened: req.query.opened === '1',
      }),
    );
  });
  return router;
}
