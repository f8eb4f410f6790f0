/**
 * Guessing keys: requests that carry a key which does not authenticate are counted per client
 * address, in a fixed window. Past the limit, every request from the address that carries a key
 * gets 429 until the window ends, a right key too, so that the answers tell a guesser nothing.
 */
import type { Request, Response } from 'express';
import { ipKeyGenerator, MemoryStore, type ClientRateLimitInfo, type Options, type Store } from 'express-rate-limit';
import { HttpError } from '../problem';

export interface FailedKeyLimit {
  /** Keys that fail to authenticate, per client address and window, before the address is refused. */
  authFailureLimit: number;
  authFailureWindowSeconds: number;
}

export interface FailedKeyGuard {
  /** Counts a request that carries a key; a 429 to answer with when the address is past the limit. */
  attempt(req: Request, res: Response): Promise<HttpError | undefined>;
  /** The key was right: the attempt does not count. */
  succeeded(req: Request): Promise<void>;
  /**
   * A 429 to answer with when the address is past the limit, without counting: for a key already
   * known to be right, whose attempt would be taken back at once.
   */
  refuses(req: Request, res: Response): Promise<HttpError | undefined>;
  /**
   * `refuses`, with the database's auth version read in the same statement when the store can
   * (a store shared through the database); a request with a known key then needs no other read.
   */
  refusesWithAuthVersion(req: Request, res: Response): Promise<{ refused?: HttpError; authVersion?: number }>;
}

/** A store that reads a count together with the auth version (SharedCountStore). */
interface StoreWithAuthVersion extends Store {
  getWithAuthVersion(key: string): Promise<{ authVersion: number; info?: ClientRateLimitInfo }>;
}

const readsAuthVersion = (store: Store): store is StoreWithAuthVersion => typeof (store as Partial<StoreWithAuthVersion>).getWithAuthVersion === 'function';

const addressOf = (req: Request) => ipKeyGenerator(req.ip ?? 'unknown');

/** Counts in `store` (one the API processes share), or in this process's memory when none is given. */
export function failedKeyGuard({ authFailureLimit, authFailureWindowSeconds }: FailedKeyLimit, store: Store = new MemoryStore()): FailedKeyGuard {
  void store.init?.({ windowMs: authFailureWindowSeconds * 1000 } as Options);
  const refusal = (res: Response, { totalHits, resetTime }: { totalHits: number; resetTime?: Date }): HttpError | undefined => {
    if (totalHits <= authFailureLimit) return undefined;
    const seconds = Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now()) - Date.now()) / 1000));
    res.set('Retry-After', String(seconds));
    return new HttpError(429, 'Too Many Requests', `more than ${authFailureLimit} requests from this address carried a key that is not valid; retry after Retry-After seconds`);
  };
  return {
    async attempt(req, res) {
      // Counted before the key is looked up, so that a burst of guesses sent at once is held too.
      return refusal(res, await store.increment(addressOf(req)));
    },
    async succeeded(req) {
      await store.decrement(addressOf(req));
    },
    async refuses(req, res) {
      // A store that cannot be read without counting is counted, and the count taken back.
      if (!store.get) {
        const refused = await this.attempt(req, res);
        await this.succeeded(req);
        return refused;
      }
      const count = await store.get(addressOf(req));
      return count && refusal(res, count);
    },
    async refusesWithAuthVersion(req, res) {
      if (!readsAuthVersion(store)) return { refused: await this.refuses(req, res) };
      const { authVersion, info } = await store.getWithAuthVersion(addressOf(req));
      return { refused: info && refusal(res, info), authVersion };
    },
  };
}
