/**
 * The bytes of uploaded documents, kept by content: `<dir>/<sha[0..2]>/<sha>`. An upload streams
 * into a temporary file in `<dir>/.incoming` while it is hashed, and moves to its place only once
 * it arrived whole; any failure removes the temporary file, so nothing is ever half-written. The
 * name the client gave is never part of a path: it is kept, sanitised, as metadata only.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { Request } from 'express';
import { HttpError, invalid } from './problem';

export interface DocumentStorage {
  /** Where documents are kept; created on first use. */
  dir: string;
  /** The largest file an upload may carry, in bytes. */
  maxBytes: number;
}

export const DEFAULT_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;

/** A file received whole, still in its temporary place. */
export interface ReceivedFile {
  tempPath: string;
  sha256: string;
  size: number;
  fileName: string;
  contentType: string;
  /** Text fields sent with the file. */
  fields: Record<string, string>;
}

/** The form fields an upload may carry besides its file. */
export const UPLOAD_FIELDS = ['title'] as const;
const FILE_FIELD = 'file';
const MAX_FIELD_BYTES = 4096;
/** Room in a body for the form's other parts: the title, each part's headers and the boundaries. */
const FORM_ALLOWANCE = 64 * 1024;
const FALLBACK_NAME = 'document';
const FALLBACK_TYPE = 'application/octet-stream';
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/**
 * Types a download keeps: none of them runs script in a browser. Any other type (text/html,
 * image/svg+xml, …) is served as application/octet-stream, so a document cannot act as a page of
 * this API's origin.
 */
export const SAFE_DOWNLOAD_TYPES: readonly string[] = ['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'text/plain', 'text/csv'];

/** The Content-Type a stored document is served with. */
export const downloadType = (stored: string) => (SAFE_DOWNLOAD_TYPES.includes(stored) ? stored : FALLBACK_TYPE);

export const contentPath = (storage: DocumentStorage, sha256: string) => path.join(storage.dir, sha256.slice(0, 2), sha256);

/**
 * A file name safe to keep and to show: its last path segment only, without control characters,
 * quotes or a leading dot, at most 255 characters; `document` when nothing is left.
 */
export function sanitiseFileName(name: string | undefined): string {
  const last = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = last
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f"<>|*?:]/g, '')
    .replace(/\.{2,}/g, '.')
    .replace(/^[\s.]+|\s+$/g, '')
    .slice(0, 255);
  return cleaned || FALLBACK_NAME;
}

const mediaTypeOf = (type: string | undefined) => {
  const t = (type ?? '').trim().toLowerCase();
  return MEDIA_TYPE.test(t) ? t : FALLBACK_TYPE;
};

const tooLarge = (max: number) => new HttpError(413, 'Payload Too Large', `the document is larger than ${max} bytes`, [{ field: 'file', message: `must be at most ${max} bytes` }]);
const badUpload = (detail: string) => new HttpError(400, 'Bad Request', detail);

/**
 * Reads a multipart upload with one file field `file` into a temporary file, hashing it. A body
 * whose Content-Length already says it is too large is refused before any of it is read, and one
 * that grows past the limit is refused as it does, not once it has all arrived.
 */
export async function receiveUpload(req: Request, storage: DocumentStorage): Promise<ReceivedFile> {
  const declared = Number(req.get('Content-Length'));
  if (declared > storage.maxBytes + FORM_ALLOWANCE) throw tooLarge(storage.maxBytes);
  const incoming = path.join(storage.dir, '.incoming');
  await fs.promises.mkdir(incoming, { recursive: true });
  const tempPath = path.join(incoming, randomUUID());
  try {
    return { tempPath, ...(await parse(req, storage.maxBytes, tempPath)) };
  } catch (err) {
    await fs.promises.rm(tempPath, { force: true });
    throw err;
  }
}

function parse(req: Request, maxBytes: number, tempPath: string): Promise<Omit<ReceivedFile, 'tempPath'>> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        // busboy stops a file when it reaches fileSize; one byte more lets a file of exactly maxBytes through.
        limits: { files: 1, fileSize: maxBytes + 1, fields: UPLOAD_FIELDS.length, fieldSize: MAX_FIELD_BYTES },
      });
    } catch {
      reject(badUpload('the body is not multipart/form-data with a boundary'));
      return;
    }

    let failure: HttpError | undefined;
    let fileStream: Readable | undefined;
    let written: Promise<{ sha256: string; size: number }> | undefined;
    let info: { fileName: string; contentType: string } | undefined;
    const fields: Record<string, string> = {};
    let finished = false;
    const fail = (err: HttpError) => {
      failure ??= err;
    };

    const finish = () => {
      if (finished) return;
      finished = true;
      req.unpipe(parser);
      // A file still streaming stops here; its pipeline then settles and the temporary file can go.
      if (failure) fileStream?.destroy();
      (written ?? Promise.resolve(undefined)).then(
        (file) => {
          if (failure) reject(failure);
          else if (!file || !info) reject(invalid([{ field: FILE_FIELD, message: `send the document as a file part named '${FILE_FIELD}'` }], 'the upload has no file'));
          else resolve({ ...file, ...info, fields });
        },
        () => reject(failure ?? badUpload('the upload could not be read')),
      );
    };

    parser.on('file', (name, stream, meta) => {
      if (name !== FILE_FIELD || written) {
        fail(invalid([{ field: name, message: `send one file, in the field '${FILE_FIELD}'` }], 'the upload has a file in the wrong field'));
        stream.resume();
        return;
      }
      fileStream = stream;
      info = { fileName: sanitiseFileName(meta.filename), contentType: mediaTypeOf(meta.mimeType) };
      const hash = createHash('sha256');
      let size = 0;
      stream.on('limit', () => {
        fail(tooLarge(maxBytes));
        finish();
      });
      written = pipeline(
        stream,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            hash.update(chunk);
            size += chunk.length;
            yield chunk;
          }
        },
        fs.createWriteStream(tempPath, { flags: 'wx' }),
      ).then(() => ({ sha256: hash.digest('hex'), size }));
    });
    parser.on('field', (name, value, meta) => {
      if (!(UPLOAD_FIELDS as readonly string[]).includes(name)) return fail(invalid([{ field: name, message: `unknown field '${name}'` }]));
      if (meta.valueTruncated) return fail(invalid([{ field: name, message: `must be at most ${MAX_FIELD_BYTES} bytes` }]));
      fields[name] = value;
    });
    const tooMany = () => fail(invalid([{ field: FILE_FIELD, message: `send one file, in the field '${FILE_FIELD}', and only the fields ${UPLOAD_FIELDS.join(', ')}` }]));
    parser.on('filesLimit', tooMany);
    parser.on('fieldsLimit', tooMany);
    parser.on('error', () => {
      fail(badUpload('the multipart body could not be read'));
      finish();
    });
    parser.on('close', finish);
    req.on('close', () => {
      if (req.complete) return;
      fail(badUpload('the upload was cut short'));
      finish();
    });
    req.pipe(parser);
  });
}

/** Moves a received file to its place by content; the same content stored before is kept as it is. */
export async function storeReceived(storage: DocumentStorage, file: ReceivedFile): Promise<void> {
  const target = contentPath(storage, file.sha256);
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  try {
    await fs.promises.access(target);
    await fs.promises.rm(file.tempPath, { force: true });
  } catch {
    await fs.promises.rename(file.tempPath, target);
  }
}

export async function removeContent(storage: DocumentStorage, sha256: string): Promise<void> {
  await fs.promises.rm(contentPath(storage, sha256), { force: true });
}

/** `attachment; filename="…"`, with an ASCII fallback and the full name as UTF-8 when it has more. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return ascii === fileName ? `attachment; filename="${ascii}"` : `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
