/**
 * 405 with an Allow header for a method a documented path does not have (TRACE, or DELETE on a
 * case), rather than 404, which would say the path itself does not exist. Answered before the key
 * check: which methods a path takes is in the public OpenAPI document anyway.
 */
import type { NextFunction, Request, Response } from 'express';
import { HttpError } from './problem';

interface PathMethods {
  path: string;
  params: number;
  pattern: RegExp;
  methods: Set<string>;
}

/** An Express path (`/cases/:id/tasks/:taskId/complete`) as a pattern matching one segment per parameter. */
const patternOf = (path: string) => new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+')}/?$`);

export function methodNotAllowed(operations: readonly { method: string; path: string }[]) {
  const byPath = new Map<string, PathMethods>();
  for (const op of operations) {
    const entry = byPath.get(op.path) ?? { path: op.path, params: (op.path.match(/:/g) ?? []).length, pattern: patternOf(op.path), methods: new Set<string>() };
    entry.methods.add(op.method);
    if (op.method === 'GET') entry.methods.add('HEAD');
    byPath.set(op.path, entry);
  }
  const paths = [...byPath.values()];
  return (req: Request, res: Response, next: NextFunction): void => {
    // `/definitions/validate` is its own path, not a `/definitions/:key`: the fewest parameters win.
    const candidates = paths.filter((p) => p.pattern.test(req.path));
    if (candidates.length === 0) return next();
    const fewest = Math.min(...candidates.map((p) => p.params));
    const matching = candidates.filter((p) => p.params === fewest);
    const allowed = new Set(matching.flatMap((p) => [...p.methods]));
    const allow = [...allowed, 'OPTIONS'].join(', ');
    if (req.method === 'OPTIONS') {
      // A preflight is CORS's to answer; a plain OPTIONS is answered with every method of the path.
      if (req.get('Access-Control-Request-Method')) return next();
      res.set('Allow', allow).status(204).end();
      return;
    }
    if (allowed.has(req.method)) return next();
    res.set('Allow', allow);
    next(new HttpError(405, 'Method Not Allowed', `${req.method} is not a method of ${matching[0].path}; it takes ${allow}`));
  };
}
