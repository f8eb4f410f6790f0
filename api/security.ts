/**
 * The HTTP hardening around every route: security headers, CORS for the configured origins only,
 * a rate limit per API key, and refusal of bodies whose content type the route does not take.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import cors from 'cors';
import { rateLimit, ipKeyGenerator, type Store } from 'express-rate-limit';
import helmet from 'helmet';
import { authLocals } from './auth/authenticate';
import type { FailedKeyLimit } from './auth/failed-keys';
import { JSON_TYPES } from './auth/permissions';
import { IDEMPOTENCY_HEADER } from './idempotency';
import { HttpError } from './problem';

export interface SecurityOptions extends FailedKeyLimit {
  /** Origins a browser may call from; none when empty. */
  corsOrigins: string[];
  rateLimitPerMinute: number;
}

export const DEFAULT_SECURITY: SecurityOptions = { corsOrigins: [], rateLimitPerMinute: 600, authFailureLimit: 20, authFailureWindowSeconds: 900 };

export function securityHeaders(): RequestHandler {
  return helmet();
}

export function corsPolicy(origins: string[]): RequestHandler {
  return cors({
    origin: origins.length > 0 ? origins : false,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', IDEMPOTENCY_HEADER],
    exposedHeaders: ['Location', 'Retry-After', 'RateLimit', 'RateLimit-Policy', 'Idempotent-Replayed', 'WWW-Authenticate'],
    maxAge: 600,
  });
}

/** Counts per API key, so users behind one address do not share a budget; public routes count per address. */
export function rateLimitPerKey(perMinute: number, store?: Store): RequestHandler {
  return rateLimit({
    ...(store ? { store } : {}),
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req, res) => authLocals(res).apiKeyId ?? `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`,
    // The limiter has set Retry-After; the answer is a problem like every other refusal.
    handler: (_req, _res, next) => next(new HttpError(429, 'Too Many Requests', `more than ${perMinute} requests in a minute with this API key; retry after Retry-After seconds`)),
  });
}

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/** 415 for a body the route does not take; a request without a body passes. */
export function contentTypes() {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!WITH_BODY.has(req.method) || req.get('Content-Length') === '0') return next();
    const accepts = authLocals(res).permission?.permission.accepts ?? JSON_TYPES;
    if (req.is([...accepts]) === false) {
      return next(new HttpError(415, 'Unsupported Media Type', `send the body as ${accepts.join(' or ')}`));
    }
    next();
  };
}
