/** Metadata of the documents uploaded to cases; the bytes live in the documents directory. */
import type { Db } from './db';

export interface DocumentRecord {
  id: string;
  caseId: string;
  sha256: string;
  size: number;
  contentType: string;
  fileName: string;
  title?: string;
  uploadedBy: string;
  uploadedAt: string;
}

interface DocumentRow {
  id: string;
  case_id: string;
  sha256: string;
  size: number | string;
  content_type: string;
  file_name: string;
  title: string | null;
  uploaded_by: string;
  uploaded_at: string;
}

const fromRow = (r: DocumentRow): DocumentRecord => ({
  id: r.id,
  caseId: r.case_id,
  sha256: r.sha256,
  size: Number(r.size),
  contentType: r.content_type,
  fileName: r.file_name,
  ...(r.title ? { title: r.title } : {}),
  uploadedBy: r.uploaded_by,
  uploadedAt: r.uploaded_at,
});

/**
 * Saves a document's row, unless a row with its id is there already (an earlier attempt of the same
 * request): then that row stays as it is. Answers the row on record, and whether this call made it.
 */
export async function saveDocument(db: Db, d: DocumentRecord): Promise<{ stored: DocumentRecord; created: boolean }> {
  const inserted = await db('documents')
    .insert({
      id: d.id,
      case_id: d.caseId,
      sha256: d.sha256,
      size: d.size,
      content_type: d.contentType,
      file_name: d.fileName,
      title: d.title ?? null,
      uploaded_by: d.uploadedBy,
      uploaded_at: d.uploadedAt,
    })
    .onConflict('id')
    .ignore()
    .returning('id');
  if (inserted.length > 0) return { stored: d, created: true };
  const row: DocumentRow | undefined = await db('documents').where({ id: d.id }).first();
  if (!row || row.case_id !== d.caseId || row.sha256 !== d.sha256) throw new Error(`document id ${d.id} is taken by another document`);
  return { stored: fromRow(row), created: false };
}

/** A case's documents, oldest first. */
export async function listDocuments(db: Db, caseId: string): Promise<DocumentRecord[]> {
  const rows: DocumentRow[] = await db('documents').where({ case_id: caseId }).orderBy([{ column: 'uploaded_at' }, { column: 'id' }]);
  return rows.map(fromRow);
}

export async function getDocument(db: Db, caseId: string, id: string): Promise<DocumentRecord | undefined> {
  const row: DocumentRow | undefined = await db('documents').where({ case_id: caseId, id }).first();
  return row ? fromRow(row) : undefined;
}

export async function deleteDocument(db: Db, id: string): Promise<void> {
  await db('documents').where({ id }).delete();
}

/** Whether any document row still refers to this content. */
export async function isContentReferenced(db: Db, sha256: string): Promise<boolean> {
  return (await db('documents').where({ sha256 }).first('id')) !== undefined;
}
