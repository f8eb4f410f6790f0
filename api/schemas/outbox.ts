/** The query of `GET /outbox`. */
import { z } from 'zod';
import { OUTBOX_STATUSES } from '../../store/outbox';

export const outboxQuery = z
  .object({
    case: z.string().trim().min(1).max(128).optional(),
    status: z.enum(OUTBOX_STATUSES).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
