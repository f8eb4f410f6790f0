/**
 * One JSON line per request, with its id (the caller's `X-Request-Id` when it is a plain token,
 * else a new one, sent back in the answer), the route, status and time taken, the case it
 * concerned and the user who called. Headers, query strings and bodies are never logged: they
 * carry keys and what people typed.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import { pinoHttp } from 'pino-http';
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

export function requestLog(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const given = req.headers[REQUEST_ID_HEADER.toLowerCase()];
      const id = typeof given === 'string' && PLAIN_TOKEN.test(given) ? given : randomUUID();
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    customAttributeKeys: { reqId: 'requestId' },
    quietReqLogger: true,
    // Asked at the start and at the end of a request; only the end knows the route and the actor, and
    // a key given twice would be written twice.
    customProps: (req, res) => (res.headersSent ? { route: routeOf(req as Request), ...requestContext(req as Request, res as unknown as Response) } : {}),
    serializers: {
      req: (req: { method: string; raw: IncomingMessage }) => ({ method: req.method, path: (req.raw as Request).originalUrl?.split('?')[0] ?? '' }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    // 503 says Temporal or the database is away for now, which readiness and the metrics show.
    customLogLevel: (_req, res, err) => (res.statusCode === 503 ? 'warn' : err || res.statusCode >= 500 ? 'error' : 'info'),
    // The error's message is the server's own; its stack stays out of a line an operator reads.
    customErrorObject: (_req, _res, err, val) => {
      // pino's own serializer of `err` would hand the summary on as a plain object of type Object.
      const { err: _raw, ...rest } = val as Record<string, unknown>;
      return { ...rest, error: errorSummary(err) };
    },
  }) as unknown as RequestHandler;
}
