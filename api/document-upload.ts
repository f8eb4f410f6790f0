/**
 * Keeps an uploaded document on a case: its bytes and row stored first, then the case records it
 * in its trail; a case that refuses it (closed, say) leaves nothing behind. The API's upload route
 * and the console's both end here.
 */
import { randomBytes } from 'node:crypto';
import type { Actor } from '../common/case-types';
import { addDocumentUpdate } from '../common/messages';
import type { Db } from '../store/db';
import { deleteDocument, isContentReferenced, saveDocument, type DocumentRecord } from '../store/documents';
import type { CaseService } from './case-service';
import { removeContent, storeReceived, type DocumentStorage, type ReceivedFile } from './document-files';

export interface UploadDeps {
  cases: CaseService;
  db: Db;
  storage: DocumentStorage;
}

export interface Upload {
  received: ReceivedFile;
  title?: string;
  caseId: string;
  actor: Actor;
  /** Set for a request with an Idempotency-Key: every attempt of it keeps the one document. */
  updateId?: string;
}

/**
 * A request with an Idempotency-Key names its document after its update id, so that every attempt
 * of that request stores, records and answers the one document the case took in.
 */
const documentIdFor = (updateId: string | undefined) => `d${updateId ? updateId.slice(-16) : randomBytes(8).toString('hex')}`;

/** Takes back a document the case did not accept: its row, and its bytes unless another row has them. */
async function withdraw({ db, storage }: UploadDeps, record: DocumentRecord): Promise<void> {
  await deleteDocument(db, record.id);
  if (!(await isContentReferenced(db, record.sha256))) await removeContent(storage, record.sha256);
}

/** Stores the received file and has the case record it; the document as stored. */
export async function recordUpload(deps: UploadDeps, { received, title, caseId, actor, updateId }: Upload): Promise<DocumentRecord> {
  await storeReceived(deps.storage, received);
  const record: DocumentRecord = {
    id: documentIdFor(updateId),
    caseId,
    sha256: received.sha256,
    size: received.size,
    contentType: received.contentType,
    fileName: received.fileName,
    ...(title ? { title } : {}),
    uploadedBy: actor.id,
    uploadedAt: new Date().toISOString(),
  };
  // An earlier attempt of this request may have stored the row already: it stays, as first stored.
  const { stored, created } = await saveDocument(deps.db, record);
  try {
    const { id: documentId, sha256, size, fileName, contentType, title: storedTitle } = stored;
    await deps.cases.command(caseId, addDocumentUpdate, { documentId, sha256, size, fileName, contentType, ...(storedTitle ? { title: storedTitle } : {}) }, actor, updateId);
  } catch (err) {
    if (created) await withdraw(deps, stored);
    throw err;
  }
  return stored;
}
