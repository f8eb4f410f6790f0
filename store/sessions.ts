/**
 * Console sessions, kept on the server: the browser holds a random token, the table its SHA-256,
 * the person's id, the session's anti-forgery token and when it was last used. A session that has
 * been idle too long is no longer valid, but its row stays a while, so that a form posted after it
 * expired can still be recognised as this browser's (see form-drafts.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './db';

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
export const newToken = () => randomBytes(32).toString('base64url');

export interface Session {
  id: string;
  userId: string;
  csrfToken: string;
  /** The IANA time zone the person's browser named at sign-in; UTC when it named none. */
  timeZone?: string;
  createdAt: string;
  lastSeenAt: string;
}

interface SessionRow {
  id: string;
  user_id: string;
  csrf_token: string;
  time_zone: string | null;
  created_at: string;
  last_seen_at: string;
}

const fromRow = (r: SessionRow): Session => ({
  id: r.id,
  userId: r.user_id,
  csrfToken: r.csrf_token,
  timeZone: r.time_zone ?? undefined,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
});

/** Starts a session; the token returned goes into the cookie and is kept nowhere else. */
export async function createSession(db: Db, userId: string, timeZone: string | undefined, now: Date): Promise<{ token: string; session: Session }> {
  const token = newToken();
  const row: SessionRow = { id: tokenHash(token), user_id: userId, csrf_token: newToken(), time_zone: timeZone ?? null, created_at: now.toISOString(), last_seen_at: now.toISOString() };
  await db('console_sessions').insert(row);
  return { token, session: fromRow(row) };
}

/** The session a cookie's token stands for, expired or not; the caller decides by lastSeenAt. */
export async function findSession(db: Db, token: string): Promise<Session | undefined> {
  const row: SessionRow | undefined = await db('console_sessions').where({ id: tokenHash(token) }).first();
  return row ? fromRow(row) : undefined;
}

export async function touchSession(db: Db, id: string, now: Date): Promise<void> {
  await db('console_sessions').where({ id }).update({ last_seen_at: now.toISOString() });
}

export async function endSession(db: Db, id: string): Promise<void> {
  await db('console_sessions').where({ id }).delete();
}

/** Ends every session of a person: their password changed, so whoever held an old one is out. */
export async function endSessionsOf(db: Db, userId: string): Promise<void> {
  await db('console_sessions').where({ user_id: userId }).delete();
}

/** Removes sessions last used before the time given. */
export async function pruneSessions(db: Db, lastSeenBefore: Date): Promise<number> {
  return db('console_sessions').where('last_seen_at', '<', lastSeenBefore.toISOString()).delete();
}
