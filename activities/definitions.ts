/**
 * The definition activity: a case names its definition by key, version and hash, and loads it
 * here, so that the definition, however large, is not copied into every case's start.
 */
import { ApplicationFailure } from '@temporalio/common';
import { FAILURE_TYPES } from '../common/errors';
import type { Definition, DefinitionRef } from '../common/definition-schema';
import type { Db } from '../store/db';
import { getDefinitionVersion } from '../store/definitions';

/** Versions a worker keeps in memory; each is read from the database once while it is kept. */
const CACHED_VERSIONS = 100;

export function createDefinitionActivities({ db }: { db: Db }) {
  // A saved version never changes, so what a worker read once holds for every case that names it.
  const cache = new Map<string, Definition>();
  return {
    async loadDefinition(ref: DefinitionRef): Promise<Definition> {
      const id = `${ref.key}@${ref.version}#${ref.hash}`;
      const cached = cache.get(id);
      if (cached) return cached;
      const stored = await getDefinitionVersion(db, ref.key, ref.version);
      if (!stored) {
        throw ApplicationFailure.nonRetryable(`definition '${ref.key}' version ${ref.version} is not in the database the worker reads; publish it there`, FAILURE_TYPES.DefinitionUnavailable);
      }
      if (stored.hash !== ref.hash) {
        throw ApplicationFailure.nonRetryable(
          `definition '${ref.key}' version ${ref.version} in the database is not the one the case was opened with (hash ${stored.hash}, not ${ref.hash}); restore that version`,
          FAILURE_TYPES.DefinitionUnavailable,
        );
      }
      cache.set(id, stored.definition);
      if (cache.size > CACHED_VERSIONS) cache.delete(cache.keys().next().value as string);
      return stored.definition;
    },
  };
}
