/**
 * A server span for each HTTP request, continuing the caller's trace (W3C `traceparent`) and
 * active while the route runs, so the Temporal client's spans, and through them the workflow's and
 * activities', are its children. Named by the route's pattern, never by the path.
 */
import { context, propagation, SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { routeOf } from './metrics';

export function requestSpans(tracer: Tracer): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const parent = propagation.extract(context.active(), req.headers);
    tracer.startActiveSpan(`${req.method}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method } }, parent, (span) => {
      res.once('finish', () => {
        const route = routeOf(req);
        span.updateName(`${req.method} ${route}`);
        span.setAttributes({ 'http.route': route, 'http.response.status_code': res.statusCode, ...(req.id ? { 'casework.request_id': String(req.id) } : {}) });
        if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      });
      next();
    });
  };
}
