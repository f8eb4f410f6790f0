/** The query of `GET /audit`. */
import { z } from 'zod';
import { AUDIT_ACTIONS } from '../../store/audit-log';

export const auditQuery = z
  .object({
    actor: z.string().trim().min(1).max(128).optional().describe('Only what this user did'),
    action: z.enum(AUDIT_ACTIONS).optional(),
    subject: z.string().trim().min(1).max(255).optional().describe('Only what was done to this, e.g. definition:hr-grievance'),
    before: z.coerce.number().int().min(1).max(2_147_483_647).optional().describe('Only entries older than this id: pass the last id of a page for the next'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
