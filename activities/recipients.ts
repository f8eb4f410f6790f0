/** Who a notification rule's `to` entries name, as e-mail addresses. */
import { z } from 'zod';
import type { NotificationContext } from '../common/notifications';
import type { NotificationRule } from '../common/definition-schema';
import type { Db } from '../store/db';
import { getUser, usersWithRole } from '../store/users';

type RecipientEntry = NotificationRule['to'][number];

/** An address to send to, or a recipient that has none (`detail` says why). */
export type ResolvedRecipient = { address: string } | { skipped: string; detail: string };

const email = z.email();
const isEmail = (value: unknown): value is string => typeof value === 'string' && email.safeParse(value.trim()).success;

async function resolveOne(db: Db, entry: RecipientEntry, context: NotificationContext): Promise<ResolvedRecipient[]> {
  if ('address' in entry) return [{ address: entry.address }];
  if ('field' in entry) {
    const value = context.intake[entry.field];
    if (isEmail(value)) return [{ address: value.trim() }];
    return [{ skipped: `field:${entry.field}`, detail: `intake field '${entry.field}' holds no e-mail address` }];
  }
  if ('role' in entry) {
    const users = await usersWithRole(db, entry.role, context.case.team);
    if (users.length === 0) return [{ skipped: `role:${entry.role}`, detail: `no active user has role '${entry.role}' in team '${context.case.team}'` }];
    return users.map((u) => (isEmail(u.email) ? { address: u.email.trim() } : { skipped: `user:${u.id}`, detail: `user '${u.id}' has no valid e-mail address` }));
  }
  const assignee = context.case.assignee;
  if (!assignee) return [{ skipped: 'assignee', detail: 'the case has no assignee' }];
  // An assignee is either an e-mail address itself or the id of a user in the directory.
  if (assignee.includes('@')) {
    return isEmail(assignee) ? [{ address: assignee.trim() }] : [{ skipped: 'assignee', detail: `assignee '${assignee}' is not a valid e-mail address` }];
  }
  const user = await getUser(db, assignee);
  if (!user) return [{ skipped: 'assignee', detail: `assignee '${assignee}' is not in the user directory` }];
  if (!user.active) return [{ skipped: 'assignee', detail: `assignee '${assignee}' is not an active user` }];
  if (!isEmail(user.email)) return [{ skipped: 'assignee', detail: `assignee '${assignee}' has no valid e-mail address` }];
  return [{ address: user.email.trim() }];
}

/** Every recipient of one rule, each address once (compared without regard to case). */
export async function resolveRecipients(db: Db, to: readonly RecipientEntry[], context: NotificationContext): Promise<ResolvedRecipient[]> {
  const seen = new Set<string>();
  const out: ResolvedRecipient[] = [];
  for (const entry of to) {
    for (const r of await resolveOne(db, entry, context)) {
      const key = 'address' in r ? r.address.toLowerCase() : `${r.skipped}\n${r.detail}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(r);
    }
  }
  return out;
}
