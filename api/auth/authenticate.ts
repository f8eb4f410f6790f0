/**
 * Bearer API keys. Every request but the public ones carries `Authorization: Bearer <key>`; the key
 * is looked up by its hash on every request, so a revoked key or a deactivated user stops at once.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Actor } from '../../common/case-types';
import { authenticateKey } from '../../store/api-keys';
import type { Db } from '../../store/db';
import { HttpError } from '../problem';
import type { FailedKeyGuard } from './failed-keys';
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
export function authenticate(db: Db, guard: FailedKeyGuard) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const locals = authLocals(res);
    locals.permission = findPermission(req.method, req.path);
    if (locals.permission?.permission.access === 'public') return next();

    const header = req.get('Authorization');
    if (!header) return next(unauthorized(res, 'send an API key as Authorization: Bearer <key>', false));
    const refused = await guard.attempt(req, res);
    if (refused) return next(refused);
    const key = BEARER.exec(header.trim())?.[1];
    const found = key ? await authenticateKey(db, key) : undefined;
    if (!found) return next(unauthorized(res, 'the API key is unknown, revoked, or its user is inactive', true));
    await guard.succeeded(req);

    locals.apiKeyId = found.keyId;
    locals.actor = { id: found.user.id, roles: found.user.roles, teams: found.user.teams };
    next();
  };
}
