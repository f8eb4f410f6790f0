/** Request schemas of the report routes. */
import { z } from 'zod';
import { windowOf } from '../../store/portfolio';
import { team } from './text';

export const REPORT_FORMATS = ['json', 'csv', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const format = z.enum(REPORT_FORMATS).default('json');

const dateOrDateTime = z
  .string()
  .refine((v) => z.iso.date().safeParse(v).success || z.iso.datetime({ offset: true }).safeParse(v).success, {
    message: 'must be an ISO date such as 2024-03-01 or a date-time such as 2024-03-01T09:00:00Z',
  })
  .meta({ anyOf: [{ format: 'date' }, { format: 'date-time' }] });

export const caseReportQuery = z.object({ format }).strict();

export const portfolioQuery = z
  .object({
    from: dateOrDateTime.optional(),
    to: dateOrDateTime.optional(),
    definition: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'is not a definition key').optional(),
    team: team.optional().describe('Only the cases of this team'),
    format,
  })
  .strict()
  .refine(
    (q) => {
      // An unreadable date is already reported against its own field.
      if ([q.from, q.to].some((v) => v !== undefined && Number.isNaN(Date.parse(v)))) return true;
      const { since, before } = windowOf(q);
      return !since || !before || since < before;
    },
    { path: ['to'], message: 'must not be before from' },
  );
