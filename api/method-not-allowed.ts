/**
 * 405 with an Allow header for a method a documented path does not have (TRACE, or DELETE on a
 * case), rather than 404, which would say the path itself does not exist. Answered before the key
 * check: which methods a path takes is in the public OpenAPI document anyway.
 */
import type { NextFunction, Request, Response } from 'express';
import { HttpError } from './problem';

interface PathMethods {
  /** Its place in the operations, which orders the Allow header and names the path in a refusal. */
  order: number;
  path: string;
  params: number;
  pattern: RegExp;
  methods: Set<string>;
}

/** An Express path (`/cases/:id/tasks/:taskId/complete`) as a pattern matching one segment per parameter. */
const patternOf = (path: string) => new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+')}/?$`);

/**
 * Which paths a request's path could match: a pattern matches only paths of its own number of
 * segments (a trailing slash aside), and, where its first segment holds no parameter, only paths
 * with that first segment. Every request looks here, so it tests a few patterns, not all of them.
 */
const ANY_FIRST = '\0';
const segmentsOf = (path: string) => (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path).split('/');
const bucketOf = (segments: string[], first: string) => `${segments.length}/${first}`;

export function methodNotAllowed(operations: readonly { method: string; path: string }[]) {
  const byPath = new Map<string, PathMethods>();
  for (const op of operations) {
    const entry = byPath.get(op.path) ?? { order: byPath.size, path: op.path, params: (op.path.match(/:/g) ?? []).length, pattern: patternOf(op.path), methods: new Set<string>() };
    entry.methods.add(op.method);
    if (op.method === 'GET') entry.methods.add('HEAD');
    byPath.set(op.path, entry);
  }
  const buckets = new Map<string, PathMethods[]>();
  for (const entry of byPath.values()) {
    const segments = segmentsOf(entry.path);
    const first = segments[1] ?? '';
    const key = bucketOf(segments, first.includes(':') ? ANY_FIRST : first);
    buckets.set(key, [...(buckets.get(key) ?? []), entry]);
  }
  const candidatesOf = (path: string): PathMethods[] => {
    const segments = segmentsOf(path);
    const named = buckets.get(bucketOf(segments, segments[1] ?? '')) ?? [];
    const any = buckets.get(bucketOf(segments, ANY_FIRST));
    return (any ? [...named, ...any].sort((a, b) => a.order - b.order) : named).filter((p) => p.pattern.test(path));
  };
  return (req: Request, res: Response, next: NextFunction): void => {
    // `/definitions/validate` is its own path, not a `/definitions/:key`: the fewest parameters win.
    const candidates = candidatesOf(req.path);
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
