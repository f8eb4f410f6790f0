/**
 * express-rate-limit's store, kept in the database: every API process counts into the same
 * windows, so a limit holds however many processes a load balancer spreads requests over.
 */
import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';
import { authVersionWithCount } from '../../store/api-keys';
import type { Db } from '../../store/db';
import { decrementCounter, incrementCounter, pruneCounters, readCounter, resetCounter } from '../../store/rate-counters';

/** Ended windows are removed after about this many increments in a process. */
const PRUNE_EVERY = 1000;

export class SharedCountStore implements Store {
  /** Shared between processes, so the limiter must not warn about one store for several limiters. */
  localKeys = false;
  private windowMs = 60_000;
  private increments = 0;

  constructor(
    private readonly db: Db,
    /** Keeps the counts of this limit apart from another's: `rate`, `wrong-key`. */
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<IncrementResponse> {
    if (++this.increments % PRUNE_EVERY === 0) await pruneCounters(this.db);
    const { hits, resetsAt } = await incrementCounter(this.db, `${this.prefix}:${key}`, this.windowMs);
    return { totalHits: hits, resetTime: new Date(resetsAt) };
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const count = await readCounter(this.db, `${this.prefix}:${key}`);
    return count && { totalHits: count.hits, resetTime: new Date(count.resetsAt) };
  }

  /** The count of `key`, as `get` reads it, and the database's auth version, in one statement. */
  async getWithAuthVersion(key: string): Promise<{ authVersion: number; info?: ClientRateLimitInfo }> {
    const { version, count } = await authVersionWithCount(this.db, `${this.prefix}:${key}`);
    return { authVersion: version, ...(count ? { info: { totalHits: count.hits, resetTime: new Date(count.resetsAt) } } : {}) };
  }

  async decrement(key: string): Promise<void> {
    await decrementCounter(this.db, `${this.prefix}:${key}`);
  }

  async resetKey(key: string): Promise<void> {
    await resetCounter(this.db, `${this.prefix}:${key}`);
  }
}
