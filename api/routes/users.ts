/** The people directory, for admins: add people, change their roles, teams and details, deactivate them. */
import { Router } from 'express';
import type { Actor } from '../../common/case-types';
import type { z } from 'zod';
import { withAudit } from '../../store/audit-log';
import { findUserByEmail } from '../../store/credentials';
import type { Db } from '../../store/db';
import { getUser, listUsers, saveUser, type User } from '../../store/users';
import { HttpError, notFound } from '../problem';
import { validate } from '../validate';
import type { WorkService } from '../work-service';
import { createUserBody, updateUserBody, userIdParams } from '../schemas/users';

const isActiveAdmin = (u: User) => u.active && u.roles.includes('admin');

/** Nobody could manage users and keys any more, so the last active admin stays one. */
async function keepAnAdmin(db: Db, before: User, after: User): Promise<void> {
  if (!isActiveAdmin(before) || isActiveAdmin(after)) return;
  const others = (await listUsers(db)).filter((u) => u.id !== before.id && isActiveAdmin(u));
  if (others.length === 0) throw new HttpError(409, 'Conflict', `${before.id} is the last active admin; make another admin first`);
}

/** People sign in with their e-mail, so an address belongs to one person, in any letter case. */
async function emailFree(db: Db, email: string | undefined, userId: string): Promise<void> {
  const holder = email === undefined ? undefined : (await findUserByEmail(db, email))?.user;
  if (holder && holder.id !== userId) throw new HttpError(409, 'Conflict', `the e-mail address ${email} is ${holder.id}'s; each person signs in with an address of their own`);
}

/** What an update changed: roles, teams and whether active with their values, other fields by name only. */
function changes(before: User, after: User): Record<string, unknown> {
  const details: Record<string, unknown> = {};
  for (const field of ['roles', 'teams', 'active'] as const) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) details[field] = { from: before[field], to: after[field] };
  }
  const renamed = (['name', 'email'] as const).filter((f) => before[f] !== after[f]);
  if (renamed.length > 0) details.changed = renamed;
  return details;
}

export function userRoutes({ db, work }: { db: Db; work: WorkService }): Router {
  const router = Router();

  router.post('/users', validate({ body: createUserBody }), async (_req, res) => {
    const body = res.locals.body as z.infer<typeof createUserBody>;
    if (await getUser(db, body.id)) throw new HttpError(409, 'Conflict', `a user with the id '${body.id}' exists; change it with PATCH /users/${body.id}`);
    await emailFree(db, body.email, body.id);
    const actor = (res.locals.actor as Actor).id;
    const user = await withAudit(db, (trx) => saveUser(trx, body), (u) => ({ actor, action: 'user.created', subject: `user:${u.id}`, details: { roles: u.roles, teams: u.teams, active: u.active } }));
    res.status(201).location(`/users/${user.id}`).json(user);
  });

  router.get('/users', async (_req, res) => {
    res.json({ items: await listUsers(db) });
  });

  router.get('/users/:id', validate({ params: userIdParams }), async (_req, res) => {
    const user = await getUser(db, res.locals.params.id);
    if (!user) throw notFound('the user');
    res.json(user);
  });

  router.patch('/users/:id', validate({ params: userIdParams, body: updateUserBody }), async (_req, res) => {
    const before = await getUser(db, res.locals.params.id);
    if (!before) throw notFound('the user');
    const after: User = { ...before, ...(res.locals.body as z.infer<typeof updateUserBody>) };
    await keepAnAdmin(db, before, after);
    await emailFree(db, after.email, after.id);
    const actor = res.locals.actor as Actor;
    const saved = await withAudit(db, (trx) => saveUser(trx, after), (u) => ({ actor: actor.id, action: 'user.updated', subject: `user:${u.id}`, details: changes(before, u) }));
    // A person who leaves leaves no work stranded: their open tasks go back to their queues.
    if (before.active && !saved.active) await work.handBack(actor, saved.id, `${saved.id} was deactivated`);
    res.json(saved);
  });

  return router;
}
