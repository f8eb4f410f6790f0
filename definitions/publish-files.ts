/** Publishes the definition files as new versions when their content changed since the last start. */
import type { Db } from '../store/db';
import { saveDefinitionVersion } from '../store/definitions';
import { canonicalHash, loadDefinitionFiles } from './loader';

export async function publishDefinitionFiles(db: Db, dir: string): Promise<Array<{ key: string; version: number; created: boolean }>> {
  const results = [];
  for (const { definition } of loadDefinitionFiles(dir)) {
    const { created, version } = await saveDefinitionVersion(db, definition, canonicalHash(definition), 'definitions-folder');
    results.push({ key: version.key, version: version.version, created });
  }
  return results;
}
