/** Request schemas of a case's life beyond one straight run: reopening, links between cases. */
import { z } from 'zod';
import { LINK_KINDS } from '../../store/case-links';
import { caseIdParams } from './cases';
import { plainText } from './text';

export const reopenBody = z.object({ reason: plainText(2000) }).strict();

export const linkBody = z
  .object({
    to: caseIdParams.shape.id.describe('The other case'),
    kind: z.enum(LINK_KINDS).describe('related; duplicate_of (this case duplicates the other); follows_from (this case follows from the other)'),
    reason: plainText(2000),
  })
  .strict();

export const reasonOnlyBody = z.object({ reason: plainText(2000) }).strict();
export const reviewParams = z.object({ caseId: caseIdParams.shape.id }).strict();
