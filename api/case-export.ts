/**
 * A case as one ZIP archive: its view, its trail as JSON Lines with every entry's hashes, each
 * document's bytes, and SHA256SUMS (in `sha256sum -c` form) over every other file. The chain can
 * be verified from the archive alone: each line holds what its hash covers.
 */
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import type { Response } from 'express';
import { zipSync, strToU8 } from 'fflate';
import type { Db } from '../store/db';
import { getCaseView } from '../store/cases';
import { listDocuments } from '../store/documents';
import { listNotes } from '../store/case-reads';
import { readTrail } from '../store/trail';
import { contentPath, sanitiseFileName, type DocumentStorage } from './document-files';
import { notFound } from './problem';

export const MANIFEST_FILE = 'SHA256SUMS';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The files of one case's export, by their path in the archive, under `prefix`. */
export async function caseFiles(db: Db, storage: DocumentStorage, id: string, prefix = ''): Promise<Record<string, Uint8Array>> {
  const view = await getCaseView(db, id);
  if (!view) throw notFound('the case');
  const notes = await listNotes(db, id, { limit: 1_000_000 });
  const trail = await readTrail(db, id);
  const files: Record<string, Uint8Array> = {
    [`${prefix}case.json`]: strToU8(JSON.stringify({ ...view, notes: notes.map(({ position: _p, ...n }) => n) }, null, 2)),
    [`${prefix}trail.jsonl`]: strToU8(trail.map((e) => JSON.stringify(e)).join('\n') + '\n'),
  };
  for (const doc of await listDocuments(db, id)) {
    const bytes = await fs.promises.readFile(contentPath(storage, doc.sha256)).catch(() => undefined);
    // Bytes no longer kept are named in the manifest's absence, and the trail still carries their SHA-256.
    if (bytes) files[`${prefix}documents/${doc.id}-${sanitiseFileName(doc.fileName)}`] = new Uint8Array(bytes);
  }
  return files;
}

/** Zips the files with a SHA256SUMS manifest of them. */
export function archive(files: Record<string, Uint8Array>): Uint8Array {
  const manifest = Object.entries(files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, bytes]) => `${sha256(bytes)}  ${path}`)
    .join('\n');
  return zipSync({ ...files, [MANIFEST_FILE]: strToU8(manifest + '\n') }, { level: 6 });
}

export async function exportCase(db: Db, storage: DocumentStorage, id: string): Promise<Uint8Array> {
  return archive(await caseFiles(db, storage, id));
}

/** Sends an archive as a download named `name`.zip: the API's export and the console's answer the same. */
export function sendZip(res: Response, name: string, bytes: Uint8Array): void {
  res.setHeader('Content-Type', 'application/zip');
  res.setHeader('Content-Disposition', `attachment; filename="${name}.zip"`);
  res.setHeader('Cache-Control', 'no-store');
  res.send(Buffer.from(bytes));
}
