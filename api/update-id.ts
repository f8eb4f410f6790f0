/**
 * The Temporal update id of a command sent with an Idempotency-Key. Temporal answers an update id
 * it has seen with that update's first result, whatever the arguments, so the id must stand for the
 * whole request: who sent it, how, to which route and case, with what body, under which key. A
 * retry of the same request then gets the first answer, and nothing else ever shares it: another
 * person, another route, another body under the same key, also once the HTTP layer's 24 hours
 * have passed.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json';

export interface CommandRequest {
  actorId: string;
  method: string;
  /** The route's template, e.g. `/cases/:id/notes`. */
  route: string;
  /** The route's parameters, e.g. the case's id and a task's. */
  params: Record<string, string>;
  /** SHA-256 of the body as the HTTP layer compares it (see `bodyHash`, `uploadHash`). */
  bodyHash: string;
  key: string;
}

export function updateIdFor(r: CommandRequest): string {
  const digest = createHash('sha256').update(canonicalJson({ actor: r.actorId, method: r.method, route: r.route, params: r.params, body: r.bodyHash, key: r.key })).digest('hex');
  return `request-${digest}`;
}
