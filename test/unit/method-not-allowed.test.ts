/** 405 for a method a documented path lacks: the paths a request is tested against, and the answer. */
import { expect } from 'chai';
import type { NextFunction, Request, Response } from 'express';
import { methodNotAllowed } from '../../api/method-not-allowed';
import { OPERATIONS } from '../../api/openapi/operations';
import type { HttpError } from '../../api/problem';

interface Answer {
  next: boolean;
  status?: number;
  allow?: string;
  detail?: string;
}

/** What the middleware does with one request: passes it on, or answers it (405, or 204 to OPTIONS). */
function answer(handler: ReturnType<typeof methodNotAllowed>, method: string, path: string): Answer {
  const headers: Record<string, string> = {};
  let result: Answer = { next: false };
  const res = {
    set(name: string, value: string) {
      headers[name] = value;
      return res;
    },
    status(code: number) {
      result = { ...result, status: code };
      return res;
    },
    end() {
      return res;
    },
  };
  const req = { method, path, get: () => undefined } as unknown as Request;
  const next: NextFunction = (err?: unknown) => {
    const e = err as HttpError | undefined;
    result = { ...result, next: e === undefined, ...(e ? { status: e.status, detail: e.message } : {}) };
  };
  handler(req, res as unknown as Response, next);
  return { ...result, ...(headers.Allow ? { allow: headers.Allow } : {}) };
}

/** The answer worked out by testing every documented path, as the middleware did before it indexed them. */
function everyPath(method: string, path: string): Answer {
  const byPath = new Map<string, { params: number; pattern: RegExp; methods: Set<string> }>();
  for (const op of OPERATIONS) {
    const pattern = new RegExp(`^${op.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+')}/?$`);
    const entry = byPath.get(op.path) ?? { params: (op.path.match(/:/g) ?? []).length, pattern, methods: new Set<string>() };
    entry.methods.add(op.method);
    if (op.method === 'GET') entry.methods.add('HEAD');
    byPath.set(op.path, entry);
  }
  const candidates = [...byPath].filter(([, p]) => p.pattern.test(path));
  if (candidates.length === 0) return { next: true };
  const fewest = Math.min(...candidates.map(([, p]) => p.params));
  const matching = candidates.filter(([, p]) => p.params === fewest);
  const allowed = new Set(matching.flatMap(([, p]) => [...p.methods]));
  const allow = [...allowed, 'OPTIONS'].join(', ');
  if (method === 'OPTIONS') return { next: false, status: 204, allow };
  if (allowed.has(method)) return { next: true };
  return { next: false, status: 405, allow, detail: `${method} is not a method of ${matching[0][0]}; it takes ${allow}` };
}

describe('method not allowed', () => {
  const handler = methodNotAllowed(OPERATIONS);

  it('answers every documented path, its spellings and its neighbours as testing every path would', () => {
    const paths = new Set<string>(['/', '', '//', '/nothing', '/cases//', '/Cases', '/cases/x/y/z/w/v/u']);
    for (const op of OPERATIONS) {
      const filled = op.path.replace(/:[A-Za-z]+/g, 'abc-000001');
      for (const p of [filled, `${filled}/`, `${filled}//`, `${filled}/extra`, filled.toUpperCase(), filled.replace(/\/[^/]+$/, '/validate')]) paths.add(p);
    }
    expect(paths.size).to.be.greaterThan(OPERATIONS.length);
    for (const path of paths) {
      for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'TRACE', 'OPTIONS']) {
        expect(answer(handler, method, path), `${method} ${path}`).to.deep.equal(everyPath(method, path));
      }
    }
  });

  it('refuses a method a case does not take with 405 and the methods it does', () => {
    const refused = answer(handler, 'DELETE', '/cases/hr-grievance-000001');
    expect(refused.status).to.equal(405);
    expect(refused.allow?.split(', ')).to.include.members(['GET', 'HEAD', 'OPTIONS']);
    expect(answer(handler, 'GET', '/cases/hr-grievance-000001').next).to.equal(true);
    expect(answer(handler, 'POST', '/cases/hr-grievance-000001/screening').next).to.equal(true);
    expect(answer(handler, 'TRACE', '/definitions/validate').status).to.equal(405);
  });
});
