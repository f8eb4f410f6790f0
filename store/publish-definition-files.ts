/** Publishes the definition files as new versions when their content changed since the last start. */
import type { Db } from './db';
import { saveDefinitionVersion } from './definitions';
import type { Publisher } from './definition-owners';
import { canonicalHash, loadDefinitionFiles } from '../definitions/loader';

/** The files are the operator's: they publish any key, and approve their addresses. */
const DEFINITIONS_FOLDER: Publisher = { id: 'definitions-folder', teams: 'any', approves: true };

export async function publishDefinitionFiles(db: Db, dir: string): Promise<Array<{ key: string; version: number; created: boolean }>> {
  const results = [];
  for (const { definition } of loadDefinitionFiles(dir)) {
    const { created, version } = await saveDefinitionVersion(db, definition, canonicalHash(definition), DEFINITIONS_FOLDER);
    results.push({ key: version.key, version: version.version, created });
  }
  return results;
}
