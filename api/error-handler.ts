/**
 * Maps every failure to a problem body: typed workflow failures to 409/422/403, a missing case to
 * 404, an unreachable Temporal to 503. Nothing internal (stack, message of an unknown error) leaks.
 */
import { STATUS_CODES } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { QueryNotRegisteredError, ServiceError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { FAILURE_TYPES, type FieldError } from '../common/errors';
import { HttpError } from './problem';

/**
 * gRPC codes with which Temporal says it cannot serve a request right now (it is restarting, or no
 * worker answered a query in time): the client should try again, so these are 503s.
 */
const TRANSIENT_GRPC_CODES = new Set([1, 4, 8, 9, 10, 13, 14]);

const DEFAULT_RETRY_AFTER_S = 5;

function fromWorkflowFailure(err: WorkflowUpdateFailedError): HttpError | undefined {
  const cause = err.cause;
  if (!(cause instanceof ApplicationFailure)) return undefined;
  switch (cause.type) {
    case FAILURE_TYPES.InvalidTransition:
      return new HttpError(409, 'Invalid Transition', cause.message);
    case FAILURE_TYPES.InvalidData:
      return new HttpError(422, 'Invalid Data', cause.message, (cause.details?.[0] as FieldError[] | undefined) ?? []);
    case FAILURE_TYPES.Forbidden:
      return new HttpError(403, 'Forbidden', cause.message);
    case FAILURE_TYPES.Busy:
      return unavailable(cause.message);
    default:
      return undefined;
  }
}

function unavailable(detail: string): HttpError {
  return new HttpError(503, 'Service Unavailable', detail);
}

export function toHttpError(err: unknown): HttpError | undefined {
  if (err instanceof HttpError) return err;
  if (err instanceof WorkflowUpdateFailedError) return fromWorkflowFailure(err);
  if (err instanceof WorkflowNotFoundError) return new HttpError(404, 'Not Found', 'the case does not exist');
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return unavailable('the case did not answer in time; try again');
  // A case whose workflow task keeps failing cannot answer a query until an operator repairs it.
  if (err instanceof QueryNotRegisteredError) return unavailable('the case cannot answer just now; try again later');
  if (err instanceof ServiceError) {
    const code = (err.cause as { code?: number } | undefined)?.code;
    if (code !== undefined && TRANSIENT_GRPC_CODES.has(code)) return unavailable('Temporal could not serve the request just now; try again shortly');
  }
  const body = err as { type?: string; status?: number };
  if (body?.type === 'entity.parse.failed') return new HttpError(400, 'Bad Request', 'the body is not valid JSON');
  if (body?.type === 'entity.too.large') {
    const limit = (err as { limit?: number }).limit;
    return new HttpError(413, 'Payload Too Large', 'the body is larger than the API accepts', [{ field: '(body)', message: `must be at most ${limit ?? 'the limit of'} bytes` }]);
  }
  if (body?.type === 'encoding.unsupported' || body?.type === 'charset.unsupported') return new HttpError(415, 'Unsupported Media Type', 'the body encoding is not supported');
  // Any other client error Express or its parsers raise (a path that does not decode, a body cut
  // short): the status is kept, the message is not.
  if (typeof body?.status === 'number' && body.status >= 400 && body.status < 500) {
    return new HttpError(body.status, STATUS_CODES[body.status] ?? 'Bad Request', 'the request could not be read');
  }
  return undefined;
}

export function errorHandler(log: (err: unknown, req?: Request, res?: Response) => void) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    let http = toHttpError(err);
    if (!http) {
      log(err, req, res);
      http = new HttpError(500, 'Internal Server Error', 'the server failed to handle the request');
    }
    if (http.status === 503) res.set('Retry-After', String(http.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_S));
    // A body not yet read whole (one too large, or one nobody was let in to send) is not read on
    // after the answer: the connection closes with it.
    const hasBody = req.get('Transfer-Encoding') !== undefined || Number(req.get('Content-Length') ?? 0) > 0;
    if (hasBody && !req.complete) res.set('Connection', 'close');
    res.status(http.status).type('application/problem+json').json(http.problem);
  };
}
