/** Whose routing an actor may manage, and recording an absence: shared by the API and the console. */
import type { Actor } from '../common/case-types';
import type { Db } from '../store/db';
import { addAbsence, markHandedBack, type Absence } from '../store/people';
import { getUser, type User } from '../store/users';
import { invalid, notFound } from './problem';
import type { WorkService } from './work-service';

/** The person, if the actor may manage them: an admin anyone, a supervisor those sharing a team. */
export async function managedPerson(db: Db, actor: Actor, id: string): Promise<User> {
  const person = await getUser(db, id);
  if (!person || !(actor.roles.includes('admin') || person.teams.some((t) => actor.teams.includes(t)))) throw notFound('the person');
  return person;
}

const today = (now: Date) => now.toISOString().slice(0, 10);

export interface AbsenceRequest {
  startsOn: string;
  endsOn: string;
  reason: string;
  delegate?: string;
}

/**
 * Records the absence; one that has begun hands the person's open work back now, and one recorded
 * ahead is handed back by the hourly sweep once it begins (activities/absences.ts).
 */
export async function recordAbsence(db: Db, work: WorkService, actor: Actor, person: User, request: AbsenceRequest, now: Date): Promise<Absence & { handedBack: { tasks: number; cases: number } }> {
  if (request.delegate !== undefined) {
    const delegate = await getUser(db, request.delegate);
    if (!delegate?.active || !delegate.teams.some((t) => person.teams.includes(t)) || delegate.id === person.id) {
      throw invalid([{ field: 'delegate', message: `${request.delegate} is not another active person of ${person.id}'s teams` }]);
    }
  }
  const absence = await addAbsence(db, { userId: person.id, ...request, createdBy: actor.id }, now);
  const begun = request.startsOn <= today(now) && request.endsOn >= today(now);
  if (!begun) return { ...absence, handedBack: { tasks: 0, cases: 0 } };
  const handedBack = await work.handBack(actor, person.id, `${person.id} is absent until ${request.endsOn}`, request.delegate);
  // Marked once done: a hand-back cut short is finished by the next sweep.
  await markHandedBack(db, absence.id, now);
  return { ...absence, handedBack };
}
