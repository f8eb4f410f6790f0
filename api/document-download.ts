/** Sends a stored document's bytes: for the API's download route and the console's alike. */
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import type { DocumentRecord } from '../store/documents';
import { contentDisposition, contentPath, downloadType, type DocumentStorage } from './document-files';
import { HttpError } from './problem';

export async function sendDocument(req: Request, res: Response, storage: DocumentStorage, doc: DocumentRecord): Promise<void> {
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
}
