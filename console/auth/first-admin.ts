/**
 * The first sign-in to the console. When no active admin has a password (a new installation, or
 * one upgraded from before the console), the start either sets the password of ADMIN_EMAIL's
 * admin to ADMIN_PASSWORD, or prints a one-time link that sets one. Nobody else ever sees it.
 */
import { ConfigError } from '../../runtime/config';
import { FIRST_ADMIN_ID } from '../../api/auth/ensure-admin';
import { anAdminHasPassword, findUserByEmail, setPasswordHash } from '../../store/credentials';
import type { Db } from '../../store/db';
import { createPasswordLink } from '../../store/password-links';
import { listUsers, saveUser, type User } from '../../store/users';
import { PASSWORD_LINK_VALID_MS } from '../routes/people';
import { hashPassword } from './passwords';

export interface FirstSignInSettings {
  publicUrl: string;
  adminEmail?: string;
  adminPassword?: string;
}

const isActiveAdmin = (u: User) => u.active && u.roles.includes('admin');

/** The admin ADMIN_EMAIL names: the one with that e-mail, or the first admin, who takes it. */
async function namedAdmin(db: Db, email: string): Promise<User> {
  const found = (await findUserByEmail(db, email))?.user;
  if (found) {
    if (!isActiveAdmin(found)) throw new ConfigError(`ADMIN_EMAIL is the e-mail of ${found.id}, who is not an active admin; name an admin's e-mail, or leave ADMIN_EMAIL unset to get a sign-in link`);
    return found;
  }
  const first = (await listUsers(db)).find((u) => u.id === FIRST_ADMIN_ID && isActiveAdmin(u));
  if (!first) throw new ConfigError(`no admin has the e-mail in ADMIN_EMAIL (${email}); name an admin's e-mail, or leave ADMIN_EMAIL unset to get a sign-in link`);
  return saveUser(db, { ...first, email });
}

/** Sets the first admin's password or prints the link that sets it; does nothing once an admin can sign in. */
export async function ensureAdminSignIn(db: Db, settings: FirstSignInSettings, print: (line: string) => void = console.log, now = new Date()): Promise<{ userId: string; link?: string } | undefined> {
  if (await anAdminHasPassword(db)) return undefined;
  if (settings.adminEmail && settings.adminPassword) {
    const admin = await namedAdmin(db, settings.adminEmail);
    await setPasswordHash(db, admin.id, await hashPassword(settings.adminPassword), now);
    print(`Console: ${admin.id} (${settings.adminEmail}) signs in at ${settings.publicUrl}/app/ with the password in ADMIN_PASSWORD.`);
    return { userId: admin.id };
  }
  const admins = (await listUsers(db)).filter(isActiveAdmin);
  const admin = admins.find((u) => u.id === FIRST_ADMIN_ID) ?? admins[0];
  if (!admin) return undefined;
  const token = await createPasswordLink(db, { userId: admin.id, purpose: 'first-admin', createdBy: 'system', now, validForMs: PASSWORD_LINK_VALID_MS });
  const link = `${settings.publicUrl}/app/password/${token}`;
  print(`Console: no admin can sign in yet. Open this link once, within 24 hours, to set the password of ${admin.id} (${admin.email}):`);
  print(`  ${link}`);
  print('(or set ADMIN_EMAIL and ADMIN_PASSWORD and start again)');
  return { userId: admin.id, link };
}
