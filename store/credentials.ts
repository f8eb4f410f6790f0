/** People's password hashes and looking people up by e-mail, for signing in to the console. */
import { userFromRow, type User, type UserRow } from './users';
import type { Db } from './db';

/** An e-mail as sign-in compares it: trimmed, in lower case. */
export const normalEmail = (email: string) => email.trim().toLowerCase();

export interface Credentials {
  user: User;
  /** Undefined until the person has set a password. */
  passwordHash?: string;
}

export async function findUserByEmail(db: Db, email: string): Promise<Credentials | undefined> {
  const row: (UserRow & { password_hash: string | null }) | undefined = await db('users').whereRaw('lower(email) = ?', [normalEmail(email)]).first();
  return row ? { user: userFromRow(row), passwordHash: row.password_hash ?? undefined } : undefined;
}

export async function setPasswordHash(db: Db, userId: string, hash: string, now: Date): Promise<void> {
  await db('users').where({ id: userId }).update({ password_hash: hash, password_set_at: now.toISOString() });
}

/** Whether some active admin can sign in with a password. */
export async function anAdminHasPassword(db: Db): Promise<boolean> {
  const rows: Array<UserRow & { password_hash: string | null }> = await db('users').whereNotNull('password_hash').andWhere({ active: true });
  return rows.some((r) => userFromRow(r).roles.includes('admin'));
}

/** The ids of the people who have set a password. */
export async function usersWithPassword(db: Db): Promise<Set<string>> {
  const rows: Array<{ id: string }> = await db('users').whereNotNull('password_hash').select('id');
  return new Set(rows.map((r) => r.id));
}
