/** Request schemas of a case's life beyond one straight run: reopening, links between cases. */
import { z } from 'zod';
import { LINK_KINDS } from '../../store/case-links';
import { caseIdParams } from './cases';
import { formData, plainText } from './text';

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

const identifierValue = z.string().min(1, 'give the value that identifies the person').max(500).describe("The value of the definition's personal_data.identifier field, e.g. an e-mail address");
export const subjectQuery = z.object({ identifier: identifierValue }).strict();
export const eraseBody = z.object({ identifier: identifierValue, reason: plainText(2000) }).strict();
export const correctBody = z
  .object({ identifier: identifierValue, intake: formData.describe('The intake fields to correct, with their right values'), reason: plainText(2000) })
  .strict();

/** At most nine digits, as a version in a path: a version number past what the databases' integer holds names no version. */
const version = z.number().int().min(1).max(999_999_999, 'must be a version number such as 2');
export const dryRunBody = z.object({ from: version.describe('The version the cases run by'), to: version.optional().describe('The version to move to; the newest when absent') }).strict();
export const moveBody = z
  .object({
    from: version.describe('The version the cases run by'),
    to: version.optional().describe('The version to move to; the newest when absent'),
    cases: z.array(caseIdParams.shape.id).min(1).max(10_000).optional().describe('The cases to move; every running case of the version when absent'),
    reason: plainText(2000),
  })
  .strict();
export const moveJobParams = z.object({ key: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'is not a definition key'), jobId: z.coerce.number().int().min(1).max(2_147_483_647) }).strict();
