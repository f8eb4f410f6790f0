/**
 * One JSON line per request, with its id (the caller's `X-Request-Id` when it is a plain token,
 * else a new one, sent back in the answer), the route, status and time taken, the case it
 * concerned and the user who called. Headers, query strings and bodies are never logged: they
 * carry keys and what people typed.
 */
import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '../../runtime/logger';
import { routeOf } from './metrics';

export const REQUEST_ID_HEADER = 'X-Request-Id';
const PLAIN_TOKEN = /^[A-Za-z0-9._:-]{1,128}$/;
const CASE_PATH = /^(?:\/app)?\/cases\/([^/?#]+)/;

/** A path segment as the router reads it; one that does not decode (the API answered 400) as sent. */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** What every line logged for a request carries beside its id: the case and the actor, once known. */
export function requestContext(req: Request, res: Response): { caseId?: string; actor?: string } {
  const caseId = CASE_PATH.exec(req.originalUrl)?.[1];
  const actor = (res.locals?.actor as { id?: string } | undefined)?.id;
  return { ...(caseId ? { caseId: decoded(caseId) } : {}), ...(actor ? { actor } : {}) };
}

/** An error as a log line shows it: its type and message, not its stack or the objects it holds. */
export function errorSummary(err: unknown): { type: string; message: string } {
  return err instanceof Error ? { type: err.name, message: err.message } : { type: typeof err, message: String(err) };
}

declare module 'node:http' {
  interface IncomingMessage {
    /** The request's id, set by `requestLog`; every line logged for the request carries it. */
    id?: string;
  }
}

/**
 * The request's line, written once, when its answer is finished (or the connection closes first).
 * One call to the logger a request: a child logger per request, with the bindings it serializes,
 * cost more than the line itself.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const start = Date.now();
    const given = req.headers[REQUEST_ID_HEADER.toLowerCase()];
    const id = typeof given === 'string' && PLAIN_TOKEN.test(given) ? given : randomUUID();
    res.setHeader(REQUEST_ID_HEADER, id);
    req.id = id;
    const written = (err?: unknown) => {
      res.removeListener('close', written);
      res.removeListener('finish', written);
      res.removeListener('error', written);
      const failed = err !== undefined || res.statusCode >= 500;
      // 503 says Temporal or the database is away for now, which readiness and the metrics show.
      const level = res.statusCode === 503 ? 'warn' : failed ? 'error' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      const line = {
        requestId: id,
        req: { method: req.method, path: req.originalUrl?.split('?')[0] ?? '' },
        // Only the end knows the route and the actor; a connection closed before an answer has neither.
        ...(res.headersSent ? { route: routeOf(req), ...requestContext(req, res) } : {}),
        res: { statusCode: res.statusCode },
        responseTime: Date.now() - start,
      };
      // The error's message is the server's own; its stack stays out of a line an operator reads.
      if (failed) logger[level]({ ...line, error: errorSummary(err ?? new Error(`failed with status code ${res.statusCode}`)) }, 'request errored');
      else logger[level](line, 'request completed');
    };
    res.on('close', written);
    res.on('finish', written);
    res.on('error', written);
    next();
  };
}
