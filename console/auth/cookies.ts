/**
 * The console's two cookies: the session, and the anti-forgery token of a signed-out browser.
 * Both are HttpOnly and SameSite; over TLS they are Secure and carry the __Host- prefix, which
 * keeps a neighbouring subdomain from setting them.
 */
import { randomBytes } from 'node:crypto';
import type { CookieOptions, Request, Response } from 'express';
import { parse } from 'cookie';

export interface CookieSettings {
  /** Where people reach the console; an https address makes the cookies Secure behind a proxy that ends TLS. */
  publicUrl: () => string;
}

const isSecure = (req: Request, settings: CookieSettings) => req.secure || settings.publicUrl().startsWith('https://');

export function cookieNames(req: Request, settings: CookieSettings) {
  const prefix = isSecure(req, settings) ? '__Host-' : '';
  return { session: `${prefix}cw_session`, form: `${prefix}cw_form` };
}

export const readCookies = (req: Request): Record<string, string | undefined> => parse(req.headers.cookie ?? '');

const options = (req: Request, settings: CookieSettings, sameSite: 'lax' | 'strict'): CookieOptions => ({ httpOnly: true, sameSite, secure: isSecure(req, settings), path: '/' });

/**
 * The session cookie lasts as long as the browser; the server ends the session when it is idle.
 * Lax, so that a link to a case in an e-mail opens it signed in; every form carries a token.
 */
export function setSessionCookie(req: Request, res: Response, settings: CookieSettings, token: string): void {
  res.cookie(cookieNames(req, settings).session, token, options(req, settings, 'lax'));
}

export function clearSessionCookie(req: Request, res: Response, settings: CookieSettings): void {
  res.clearCookie(cookieNames(req, settings).session, options(req, settings, 'lax'));
}

/** The signed-out browser's form token, made when it has none: its forms post it back beside the cookie. */
export function ensureFormToken(req: Request, res: Response, settings: CookieSettings): string {
  const name = cookieNames(req, settings).form;
  const known = readCookies(req)[name];
  if (known && /^[A-Za-z0-9_-]{43}$/.test(known)) return known;
  const token = randomBytes(32).toString('base64url');
  res.cookie(name, token, options(req, settings, 'strict'));
  return token;
}
