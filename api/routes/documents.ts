/**
 * Documents on a case: upload (multipart/form-data, one file part `file`, an optional `title`),
 * list, and download. The file and its row are stored first, then the case records the document
 * in its trail; a case that refuses it (closed, say) leaves nothing behind.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import type { z } from 'zod';
import type { Actor } from '../../common/case-types';
import { addDocumentUpdate } from '../../common/messages';
import { getCaseRow } from '../../store/cases';
import type { Db } from '../../store/db';
import { deleteDocument, getDocument, isContentReferenced, listDocuments, saveDocument, type DocumentRecord } from '../../store/documents';
import type { CaseService } from '../case-service';
import { contentDisposition, contentPath, downloadType, receiveUpload, removeContent, storeReceived, type DocumentStorage, type ReceivedFile } from '../document-files';
import { claimUpload, IDEMPOTENCY_HEADER, uploadHash } from '../idempotency';
import { updateIdFor } from '../update-id';
import { fieldErrors, validate } from '../validate';
import { HttpError, invalid, notFound } from '../problem';
import { caseIdParams } from '../schemas/cases';
import { documentParams, documentUploadBody } from '../schemas/documents';

const uploadFields = documentUploadBody.pick({ title: true });

const actorOf = (locals: Record<string, unknown>) => locals.actor as Actor;
const UPLOAD_ROUTE = '/cases/:id/documents';
/**
 * A request with an Idempotency-Key names its document after its update id, so that every attempt
 * of that request stores, records and answers the one document the case took in.
 */
const documentIdFor = (updateId: string | undefined) => `d${updateId ? updateId.slice(-16) : randomBytes(8).toString('hex')}`;

/** A document as the API shows it. */
const shown = (d: DocumentRecord) => ({
  id: d.id,
  caseId: d.caseId,
  sha256: d.sha256,
  size: d.size,
  contentType: d.contentType,
  fileName: d.fileName,
  ...(d.title ? { title: d.title } : {}),
  uploadedBy: d.uploadedBy,
  uploadedAt: d.uploadedAt,
});

export interface DocumentRouteDeps {
  cases: CaseService;
  db: Db;
  storage: DocumentStorage;
}

export function documentRoutes({ cases, db, storage }: DocumentRouteDeps): Router {
  const router = Router();

  /** Takes back a document the case did not accept: its row, and its bytes unless another row has them. */
  async function withdraw(record: DocumentRecord): Promise<void> {
    await deleteDocument(db, record.id);
    if (!(await isContentReferenced(db, record.sha256))) await removeContent(storage, record.sha256);
  }

  router.post(UPLOAD_ROUTE, validate({ params: caseIdParams }), async (req, res) => {
    if (!req.is('multipart/form-data')) {
      throw new HttpError(415, 'Unsupported Media Type', "send the document as multipart/form-data, in a file part named 'file'");
    }
    const caseId = res.locals.params.id as string;
    const actor = actorOf(res.locals);
    const received: ReceivedFile = await receiveUpload(req, storage);
    const discard = () => fs.promises.rm(received.tempPath, { force: true });
    const fields = uploadFields.safeParse(received.fields);
    if (!fields.success) {
      await discard();
      throw invalid(fieldErrors(fields.error));
    }
    // A retry with the same Idempotency-Key is answered as the first time, and keeps nothing of its own.
    const replay = await claimUpload(res, { sha256: received.sha256, fields: fields.data }).catch(async (err: unknown) => {
      await discard();
      throw err;
    });
    if (replay) {
      await discard();
      return replay();
    }
    await storeReceived(storage, received);

    const key = req.get(IDEMPOTENCY_HEADER);
    const updateId =
      key === undefined ? undefined : updateIdFor({ actorId: actor.id, method: req.method, route: UPLOAD_ROUTE, params: { id: caseId }, bodyHash: uploadHash({ sha256: received.sha256, fields: fields.data }), key });
    const record: DocumentRecord = {
      id: documentIdFor(updateId),
      caseId,
      sha256: received.sha256,
      size: received.size,
      contentType: received.contentType,
      fileName: received.fileName,
      ...(fields.data.title ? { title: fields.data.title } : {}),
      uploadedBy: actor.id,
      uploadedAt: new Date().toISOString(),
    };
    // An earlier attempt of this request may have stored the row already: it stays, as first stored.
    const { stored, created } = await saveDocument(db, record);
    try {
      const { id: documentId, sha256, size, fileName, contentType, title } = stored;
      await cases.command(caseId, addDocumentUpdate, { documentId, sha256, size, fileName, contentType, ...(title ? { title } : {}) }, actor, updateId);
    } catch (err) {
      if (created) await withdraw(stored);
      throw err;
    }
    res.status(201).location(`/cases/${caseId}/documents/${stored.id}`).json(shown(stored));
  });

  router.get('/cases/:id/documents', validate({ params: caseIdParams }), async (_req, res) => {
    const caseId = res.locals.params.id as string;
    if (!(await getCaseRow(db, caseId))) throw notFound('the case');
    res.json({ items: (await listDocuments(db, caseId)).map(shown) });
  });

  router.get('/cases/:id/documents/:docId', validate({ params: documentParams }), async (req, res) => {
    const { id, docId } = res.locals.params as z.infer<typeof documentParams>;
    const doc = await getDocument(db, id, docId);
    if (!doc) throw notFound('the document');
    const file = contentPath(storage, doc.sha256);
    const stat = await fs.promises.stat(file).catch(() => undefined);
    if (!stat) throw new HttpError(410, 'Gone', 'the bytes of the document are no longer kept');
    // Set as is: Express would otherwise add a charset to text types. A type that could run script
    // is not passed on, and the sandbox keeps even a browser that renders the bytes from running any.
    res.setHeader('Content-Type', downloadType(doc.contentType));
    res.setHeader('Content-Disposition', contentDisposition(doc.fileName));
    res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'");
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('ETag', `"${doc.sha256}"`);
    res.setHeader('X-Content-SHA256', doc.sha256);
    res.setHeader('Cache-Control', 'private, no-cache');
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Length', String(stat.size));
    await pipeline(fs.createReadStream(file), res);
  });

  return router;
}
