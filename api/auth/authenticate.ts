/**
 * Bearer API keys. Every request but the public ones carries `Authorization: Bearer <key>`. A key
 * this process has found right is honoured while the database's auth version stays as it was
 * (known-keys.ts), so a revoked key or a deactivated user stops at once, in every process.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Actor } from '../../common/case-types';
import type { Db } from '../../store/db';
import { HttpError } from '../problem';
import type { FailedKeyGuard } from './failed-keys';
import { KnownKeys, type FoundKey } from './known-keys';
import { findPermission, type PermissionMatch } from './permissions';

const REALM = 'Bearer realm="casework"';
const BEARER = /^Bearer[ ]+([\x21-\x7e]{1,512})$/i;

/** What the authentication step leaves in `res.locals` for the steps after it. */
export interface AuthLocals {
  permission?: PermissionMatch;
  actor?: Actor;
  apiKeyId?: string;
}

export const authLocals = (res: Response) => res.locals as AuthLocals;

function unauthorized(res: Response, detail: string, invalidToken: boolean): HttpError {
  res.set('WWW-Authenticate', invalidToken ? `${REALM}, error="invalid_token"` : REALM);
  return new HttpError(401, 'Unauthorized', detail);
}

/**
 * Finds the request's rule, then who is calling; public routes need no key. A request that carries
 * credentials passes the guard against guessing first.
 */
export function authenticate(db: Db, guard: FailedKeyGuard, keys = new KnownKeys(db)) {
  /** The key's record, or the refusal: a key not known to be right is counted against its address until it proves right. */
  const check = async (req: Request, res: Response, key: string | undefined): Promise<FoundKey | HttpError> => {
    // The address's count and the auth version come in one statement where the guard's store can read both.
    let authVersion: number | undefined;
    if (key) {
      const checked = await guard.refusesWithAuthVersion(req, res);
      // Past the limit a right key is refused too, so that the answer tells a guesser nothing.
      if (checked.refused) return checked.refused;
      authVersion = checked.authVersion;
      const known = await keys.known(key, authVersion);
      if (known) return known;
    }
    const refused = await guard.attempt(req, res);
    if (refused) return refused;
    // The version was read before the lookup, as lookUp needs it to be.
    const found = key ? await keys.lookUp(key, authVersion) : undefined;
    if (!found) return unauthorized(res, 'the API key is unknown, revoked, or its user is inactive', true);
    await guard.succeeded(req);
    return found;
  };
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const locals = authLocals(res);
    locals.permission = findPermission(req.method, req.path);
    if (locals.permission?.permission.access === 'public') return next();

    const header = req.get('Authorization');
    if (!header) return next(unauthorized(res, 'send an API key as Authorization: Bearer <key>', false));
    const found = await check(req, res, BEARER.exec(header.trim())?.[1]);
    if (found instanceof HttpError) return next(found);

    locals.apiKeyId = found.keyId;
    locals.actor = { id: found.user.id, roles: found.user.roles, teams: found.user.teams };
    next();
  };
}
