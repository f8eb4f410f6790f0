/**
 * 405 with an Allow header for a method a documented path does not have (TRACE, or DELETE on a
 * case), rather than 404, which would say the path itself does not exist. Answered before the key
 * check: which methods a path takes is in the public OpenAPI document anyway.
 */
import type { NextFunction, Request, Response } from 'express';
import { HttpError } from './problem';

interface PathMethods {
  path: string;
  pattern: RegExp;
  methods: Set<string>;
}

/** An Express path (`/cases/:id/tasks/:taskId/complete`) as a pattern matching one segment per parameter. */
const patternOf = (path: string) => new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+')}/?$`);

export function methodNotAllowed(operations: readonly { method: string; path: string }[]) {
  const byPath = new Map<string, PathMethods>();
  for (const op of operations) {
    const entry = byPath.get(op.path) ?? { path: op.path, pattern: patternOf(op.path), methods: new Set<string>() };
    entry.methods.add(op.method);
    if (op.method === 'GET') entry.methods.add('HEAD');
    byPath.set(op.path, entry);
  }
  const paths = [...byPath.values()];
  return (req: Request, res: Response, next: NextFunction): void => {
    const matching = paths.filter((p) => p.pattern.test(req.path));
    if (matching.length === 0) return next();
    const allowed = new Set(matching.flatMap((p) => [...p.methods]));
    // A preflight is CORS's to answer, and is left to it.
    if (allowed.has(req.method) || req.method === 'OPTIONS') return next();
    const allow = [...allowed].join(', ');
    res.set('Allow', allow);
    next(new HttpError(405, 'Method Not Allowed', `${req.method} is not a method of ${matching[0].path}; it takes ${allow}`));
  };
}
