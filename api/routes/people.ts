/**
 * What routing knows of a person: capabilities, limits and absences. Admins manage everyone;
 * supervisors the people of their teams (anyone else does not exist for them).
 */
import { Router } from 'express';
import type { z } from 'zod';
import type { Actor } from '../../common/case-types';
import type { Db } from '../../store/db';
import { addAbsence, getRoutingProfile, removeAbsence, saveRoutingProfile } from '../../store/people';
import { getUser, type User } from '../../store/users';
import type { Clock } from '../idempotency';
import { invalid, notFound } from '../problem';
import { absenceBody, absenceParams, handBackBody, personParams, routingProfileBody } from '../schemas/routing';
import { validate } from '../validate';
import type { WorkService } from '../work-service';

/** The person, if the actor may manage them: an admin anyone, a supervisor those sharing a team. */
export async function managedPerson(db: Db, actor: Actor, id: string): Promise<User> {
  const person = await getUser(db, id);
  if (!person || !(actor.roles.includes('admin') || person.teams.some((t) => actor.teams.includes(t)))) throw notFound('the person');
  return person;
}

const today = (now: Date) => now.toISOString().slice(0, 10);

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
    const body = res.locals.body as z.infer<typeof absenceBody>;
    if (body.delegate !== undefined) {
      const delegate = await getUser(db, body.delegate);
      if (!delegate?.active || !delegate.teams.some((t) => person.teams.includes(t)) || delegate.id === person.id) {
        throw invalid([{ field: 'delegate', message: `${body.delegate} is not another active person of ${person.id}'s teams` }]);
      }
    }
    const now = clock();
    const absence = await addAbsence(db, { userId: person.id, ...body, createdBy: actor.id }, now);
    // An absence that has begun hands the work back now; one ahead only keeps routing away from them.
    const handedBack = body.startsOn <= today(now) && body.endsOn >= today(now)
      ? await work.handBack(actor, person.id, `${person.id} is absent until ${body.endsOn}`, body.delegate)
      : { tasks: 0, cases: 0 };
    res.status(201).json({ ...absence, handedBack });
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
