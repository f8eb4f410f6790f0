/**
 * What routing knows of a person: capabilities, limits and absences. Admins manage everyone;
 * supervisors the people of their teams (anyone else does not exist for them).
 */
import { Router } from 'express';
import type { z } from 'zod';
import type { Actor } from '../../common/case-types';
import type { Db } from '../../store/db';
import { getRoutingProfile, removeAbsence, saveRoutingProfile } from '../../store/people';
import type { Clock } from '../idempotency';
import { managedPerson, recordAbsence } from '../people-access';
import { notFound } from '../problem';
import { absenceBody, absenceParams, handBackBody, personParams, routingProfileBody } from '../schemas/routing';
import { validate } from '../validate';
import type { WorkService } from '../work-service';

export function peopleRoutes({ db, work, clock }: { db: Db; work: WorkService; clock: Clock }): Router {
  const router = Router();

  router.get('/people/:id/routing', validate({ params: personParams }), async (_req, res) => {
    const person = await managedPerson(db, res.locals.actor as Actor, res.locals.params.id);
    res.json({ ...(await getRoutingProfile(db, person.id)), name: person.name, active: person.active, teams: person.teams });
  });

  router.put('/people/:id/routing', validate({ params: personParams, body: routingProfileBody }), async (_req, res) => {
    const person = await managedPerson(db, res.locals.actor as Actor, res.locals.params.id);
    const body = res.locals.body as z.infer<typeof routingProfileBody>;
    await saveRoutingProfile(db, person.id, { capabilities: body.capabilities, maxOpenCases: body.maxOpenCases ?? undefined, maxOpenTasks: body.maxOpenTasks ?? undefined });
    res.json({ ...(await getRoutingProfile(db, person.id)), name: person.name, active: person.active, teams: person.teams });
  });

  router.post('/people/:id/absences', validate({ params: personParams, body: absenceBody }), async (_req, res) => {
    const actor = res.locals.actor as Actor;
    const person = await managedPerson(db, actor, res.locals.params.id);
    res.status(201).json(await recordAbsence(db, work, actor, person, res.locals.body as z.infer<typeof absenceBody>, clock()));
  });

  router.delete('/people/:id/absences/:absenceId', validate({ params: absenceParams }), async (_req, res) => {
    const person = await managedPerson(db, res.locals.actor as Actor, res.locals.params.id);
    if (!(await removeAbsence(db, person.id, res.locals.params.absenceId))) throw notFound('the absence');
    res.json({ id: res.locals.params.absenceId, removed: true });
  });

  router.post('/people/:id/hand-back', validate({ params: personParams, body: handBackBody }), async (_req, res) => {
    const actor = res.locals.actor as Actor;
    const person = await managedPerson(db, actor, res.locals.params.id);
    const { reason, delegate } = res.locals.body as z.infer<typeof handBackBody>;
    res.json(await work.handBack(actor, person.id, reason, delegate));
  });

  return router;
}
