/**
 * One-time links that let a person set their password: an invitation, a reset, or the first
 * admin's. The link carries a random token; the table keeps its SHA-256, who it is for, until when
 * it is good, and when it was used.
 */
import type { Db } from './db';
import { newToken, tokenHash } from './sessions';

export const PASSWORD_LINK_PURPOSES = ['invite', 'reset', 'first-admin'] as const;
export type PasswordLinkPurpose = (typeof PASSWORD_LINK_PURPOSES)[number];

export interface PasswordLink {
  id: string;
  userId: string;
  purpose: PasswordLinkPurpose;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  usedAt?: string;
}

interface LinkRow {
  id: string;
  user_id: string;
  purpose: PasswordLinkPurpose;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

const fromRow = (r: LinkRow): PasswordLink => ({
  id: r.id,
  userId: r.user_id,
  purpose: r.purpose,
  createdBy: r.created_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  usedAt: r.used_at ?? undefined,
});

/**
 * Makes a link for a person and returns its token. Their earlier unused links stop working: only
 * the newest one sent can set the password.
 */
export async function createPasswordLink(db: Db, link: { userId: string; purpose: PasswordLinkPurpose; createdBy: string; now: Date; validForMs: number }): Promise<string> {
  const token = newToken();
  await db.transaction(async (trx) => {
    await trx('password_links').where({ user_id: link.userId }).whereNull('used_at').update({ used_at: link.now.toISOString() });
    await trx('password_links').insert({
      id: tokenHash(token),
      user_id: link.userId,
      purpose: link.purpose,
      created_by: link.createdBy,
      created_at: link.now.toISOString(),
      expires_at: new Date(link.now.getTime() + link.validForMs).toISOString(),
      used_at: null,
    } satisfies LinkRow);
  });
  return token;
}

/** The link a token stands for, when it is unused and not past its time. */
export async function findUsablePasswordLink(db: Db, token: string, now: Date): Promise<PasswordLink | undefined> {
  const row: LinkRow | undefined = await db('password_links').where({ id: tokenHash(token) }).whereNull('used_at').andWhere('expires_at', '>', now.toISOString()).first();
  return row ? fromRow(row) : undefined;
}

/** Marks the link used; false when it was used (or replaced) meanwhile, so that it works once only. */
export async function usePasswordLink(db: Db, id: string, now: Date): Promise<boolean> {
  const changed = await db('password_links').where({ id }).whereNull('used_at').andWhere('expires_at', '>', now.toISOString()).update({ used_at: now.toISOString() });
  return changed === 1;
}
