/**
 * The API keys this process has found right, so that a request with one costs a read of the
 * database's auth version rather than a lookup of the key and its user. An entry holds only while
 * that version (bumped by every revocation and every change to a user, in any process: migration
 * 170) is what it was when the key was looked up, and for a minute at most, after which the key is
 * looked up again and its last use noted.
 */
import { authenticateKey, authVersion, hashKey } from '../../store/api-keys';
import type { Db } from '../../store/db';

export type FoundKey = NonNullable<Awaited<ReturnType<typeof authenticateKey>>>;

interface Entry {
  found: FoundKey;
  version: number;
  until: number;
}

export interface KnownKeysOptions {
  /** How long an entry is honoured at most; its key's last use is noted no more often. */
  ttlMs?: number;
  /** Entries kept at most; past it the cache starts again empty. */
  max?: number;
  now?: () => number;
}

export class KnownKeys {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly max: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    { ttlMs = 60_000, max = 10_000, now = Date.now }: KnownKeysOptions = {},
  ) {
    this.ttlMs = ttlMs;
    this.max = max;
    this.now = now;
  }

  /**
   * The key's id and user when this process found the key right under the auth version the
   * database holds now: `version` when the caller has just read it, else read here.
   */
  async known(key: string, version?: number): Promise<FoundKey | undefined> {
    const hash = hashKey(key);
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    if (entry.until <= this.now()) {
      this.entries.delete(hash);
      return undefined;
    }
    if ((version ?? (await authVersion(this.db))) === entry.version) return entry.found;
    // Something about who may call changed: every key is looked up again.
    this.entries.clear();
    return undefined;
  }

  /**
   * Looks the key up in the database, and keeps it when it is right, under `version` when the
   * caller read the auth version before calling, else under the version read here.
   */
  async lookUp(key: string, versionBefore?: number): Promise<FoundKey | undefined> {
    // Read before the lookup: a revocation between the two leaves the entry stale, never honoured.
    const version = versionBefore ?? (await authVersion(this.db));
    const found = await authenticateKey(this.db, key);
    if (found) {
      if (this.entries.size >= this.max) this.entries.clear();
      this.entries.set(hashKey(key), { found, version, until: this.now() + this.ttlMs });
    }
    return found;
  }
}
