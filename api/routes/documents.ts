/**
 * Documents on a case: upload (multipart/form-data, one file part `file`, an optional `title`),
 * list, and download. The file and its row are stored first, then the case records the document
 * in its trail; a case that refuses it (closed, say) leaves nothing behind.
 */
import fs from 'node:fs';
import { Router } from 'express';
import type { z } from 'zod';
import type { Actor } from '../../common/case-types';
import { getCaseRow } from '../../store/cases';
import type { Db } from '../../store/db';
import { getDocument, listDocuments, type DocumentRecord } from '../../store/documents';
import type { CaseService } from '../case-service';
import { receiveUpload, type DocumentStorage, type ReceivedFile } from '../document-files';
import { sendDocument } from '../document-download';
import { recordUpload } from '../document-upload';
import { claimUpload, IDEMPOTENCY_HEADER, uploadHash } from '../idempotency';
import { updateIdFor } from '../update-id';
import { fieldErrors, validate } from '../validate';
import { HttpError, invalid, notFound } from '../problem';
import { caseIdParams } from '../schemas/cases';
import { documentParams, documentUploadBody } from '../schemas/documents';

const uploadFields = documentUploadBody.pick({ title: true });

const actorOf = (locals: Record<string, unknown>) => locals.actor as Actor;
const UPLOAD_ROUTE = '/cases/:id/documents';
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
    const key = req.get(IDEMPOTENCY_HEADER);
    const updateId =
      key === undefined ? undefined : updateIdFor({ actorId: actor.id, method: req.method, route: UPLOAD_ROUTE, params: { id: caseId }, bodyHash: uploadHash({ sha256: received.sha256, fields: fields.data }), key });
    const stored = await recordUpload({ cases, db, storage }, { received, title: fields.data.title, caseId, actor, updateId });
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
    await sendDocument(req, res, storage, doc);
  });

  return router;
}
