/** Request schemas of the case routes; the validation middleware and the API document use them. */
import { z } from 'zod';
import { CASE_STATUSES, PHASES, RISK_LEVELS } from '../../common/phases';

export const caseIdParams = z.object({ id: z.string().regex(/^[a-z][a-z0-9-]{1,39}-\d{6,}$/, 'is not a case id such as hr-grievance-000042') }).strict();

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const person = z.string().trim().min(1).max(128);

export const openCaseBody = z
  .object({
    definition: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'is not a definition key'),
    title: text(500),
    subject: text(500).optional(),
    team: z.string().trim().min(1).max(128).optional(),
    assignee: person.optional(),
    intake: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

export const listCasesQuery = z
  .object({
    phase: z.enum(PHASES).optional(),
    risk: z.enum(RISK_LEVELS).optional(),
    status: z.enum(CASE_STATUSES).optional(),
    assignee: person.optional(),
    definition: z.string().max(40).optional(),
    team: z.string().max(128).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();

export const screeningBody = z
  .object({
    decision: z.enum(['accept', 'reject']),
    reason: text(2000),
  })
  .strict();
