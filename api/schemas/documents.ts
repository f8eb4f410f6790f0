/** Request schemas of the document routes. */
import { z } from 'zod';
import { caseIdParams } from './cases';
import { plainText } from './text';

export const documentParams = caseIdParams.extend({ docId: z.string().regex(/^d[0-9a-f]{16}$/, 'is not a document id such as d0123456789abcdef') }).strict();

/** The multipart form of an upload: the file part and the text fields beside it. */
export const documentUploadBody = z
  .object({
    file: z.string().meta({ format: 'binary' }).describe('The document, as a file part; its name and content type are kept with it'),
    title: plainText(200).optional(),
  })
  .strict();
