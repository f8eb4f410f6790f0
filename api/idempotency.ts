/**
 * `Idempotency-Key` on every POST: the first request with a key runs and its answer is kept; a
 * retry with the same body gets that answer again without running anything; the same key with
 * another request is refused (422), and a retry while the first still runs waits its turn (409).
 * An upload is compared by what it carried: its file's digest and its fields. An answer that shows
 * a case is replayed only while the caller may still see that case.
 */
import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { canonicalJson } from '../common/canonical-json';
import type { Db } from '../store/db';
import type { Actor } from '../common/case-types';
import { pruneCaseReservations } from '../store/cases';
import { claimIdempotencyKey, finishIdempotencyKey, pruneIdempotencyKeys, releaseIdempotencyKey, type IdempotentRequest } from '../store/idempotency';
import { authLocals } from './auth/authenticate';
import { HttpError, invalid, notFound } from './problem';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** Printable ASCII without spaces, as the OpenAPI document's pattern says. */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
/** A first request still unfinished after this long is taken to have died with its process. */
const STALE_MS = 5 * 60_000;
/** How long answers are kept for retries. */
export const RETENTION_MS = 24 * 60 * 60_000;
const PRUNE_EVERY_MS = 10 * 60_000;

/** A route whose answer holds a secret names here what to keep instead, so no secret is stored. */
export const replayBodyOf = (res: Response, body: unknown) => {
  res.locals.replayBody = body;
};

/**
 * A route whose answer shows a case the permission table did not check (the case it opened)
 * names it here, so that a replay is answered only while the caller may still see the case.
 */
export const answerShowsCase = (res: Response, caseId: string) => {
  res.locals.answerCaseId = caseId;
};

export const bodyHash = (body: unknown) =>
  createHash('sha256')
    .update(typeof body === 'string' || Buffer.isBuffer(body) ? body : canonicalJson(body ?? null))
    .digest('hex');

/** A multipart body is streamed by its route, so the route names what it received: see `claimUpload`. */
const CLAIM_LOCAL = 'claimIdempotencyKey';
type Replay = () => void;
type DeferredClaim = (bodyHash: string) => Promise<Replay | undefined>;

/** The time the API goes by; tests pass one they can move forward. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

const before = (clock: Clock, ms: number) => new Date(clock().getTime() - ms).toISOString();

export interface IdempotencyDeps {
  db: Db;
  log: (err: unknown) => void;
  /** Whether the actor may see the case now: a kept answer that shows a case is replayed only then. */
  maySeeCase: (actor: Actor, caseId: string) => Promise<boolean>;
  clock?: Clock;
}

export function idempotency({ db, log, maySeeCase, clock = systemClock }: IdempotencyDeps) {
  let prunedAt = 0;
  const prune = () => {
    const now = clock().getTime();
    if (now - prunedAt < PRUNE_EVERY_MS) return;
    prunedAt = now;
    // The case numbers open requests reserved go with their keys' answers.
    const expired = before(clock, RETENTION_MS);
    Promise.all([pruneIdempotencyKeys(db, expired), pruneCaseReservations(db, expired)]).catch(log);
  };

  /**
   * Claims the key for this request. Undefined when the route should run; when an earlier request
   * with the key finished, a function that sends its kept answer again; throws the problem when
   * the key belongs to another request or to one still running.
   */
  async function claim(res: Response, request: IdempotentRequest, actor: Actor): Promise<Replay | undefined> {
    const claimed = await claimIdempotencyKey(db, request, { now: clock().toISOString(), staleBefore: before(clock, STALE_MS), expiredBefore: before(clock, RETENTION_MS) });
    if (claimed.kind === 'mismatch') {
      throw invalid([{ field: IDEMPOTENCY_HEADER, message: 'was used for another request; use a new key for a new request' }], 'the Idempotency-Key belongs to another request');
    }
    if (claimed.kind === 'running') throw new HttpError(409, 'Request In Progress', 'a request with this Idempotency-Key is still running; retry shortly');
    if (claimed.kind === 'replay') {
      if (claimed.caseId && !(await maySeeCase(actor, claimed.caseId))) throw notFound('the case');
      return () => {
        res.status(claimed.status).set('Idempotent-Replayed', 'true');
        if (claimed.status >= 400) res.type('application/problem+json');
        if (claimed.body === undefined) res.end();
        else res.json(claimed.body);
      };
    }
    keepAnswer(res, request);
    return undefined;
  }

  /** Keeps the answer before sending it, so a retry that follows at once finds it. */
  function keepAnswer(res: Response, request: IdempotentRequest): void {
    const send = res.json.bind(res);
    let settled = false;
    const settle = (body: unknown): Promise<void> => {
      settled = true;
      const status = res.statusCode;
      return status >= 500 ? releaseIdempotencyKey(db, request) : finishIdempotencyKey(db, request, status, res.locals.replayBody ?? body, res.locals.answerCaseId);
    };
    res.json = (body: unknown) => {
      if (settled) return send(body);
      settle(body).then(
        () => send(body),
        (err) => {
          log(err);
          send(body);
        },
      );
      return res;
    };
    res.on('finish', () => {
      if (!settled) settle(undefined).catch(log);
    });
  }

  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const key = req.get(IDEMPOTENCY_HEADER);
    const actor = authLocals(res).actor;
    if (req.method !== 'POST' || key === undefined || !actor) return next();
    if (!IDEMPOTENCY_KEY.test(key)) return next(invalid([{ field: IDEMPOTENCY_HEADER, message: 'must be 1 to 255 printable ASCII characters' }]));
    prune();

    const request = (hash: string): IdempotentRequest => ({ key, actorId: actor.id, method: req.method, path: req.originalUrl, bodyHash: hash });
    if (req.is('multipart/form-data')) {
      const deferred: DeferredClaim = (hash) => claim(res, request(hash), actor);
      res.locals[CLAIM_LOCAL] = deferred;
      return next();
    }
    claim(res, request(bodyHash(req.body)), actor).then((replay) => (replay ? replay() : next()), next);
  };
}

/**
 * For a route that streams its body: claims the Idempotency-Key, if the request has one, for what
 * was received (the file's digest and the fields beside it), so a key reused for another file is
 * refused rather than answered with the first file's result. Returns, for a retry, the function
 * that sends the kept answer, for the route to call once it has put away what it received.
 */
export async function claimUpload(res: Response, received: UploadReceived): Promise<Replay | undefined> {
  const deferred = res.locals[CLAIM_LOCAL] as DeferredClaim | undefined;
  return deferred?.(uploadHash(received));
}

export interface UploadReceived {
  sha256: string;
  fields: unknown;
}

/** What an upload's Idempotency-Key is compared by: the file's digest and the fields beside it. */
export const uploadHash = (received: UploadReceived) => bodyHash({ file: received.sha256, fields: received.fields });
