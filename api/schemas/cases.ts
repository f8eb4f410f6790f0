/** Request schemas of the case routes; the validation middleware and the API document use them. */
import { z } from 'zod';
import { CASE_STATUSES, FOLLOW_UP_OUTCOMES, PHASES, RISK_LEVELS, ROLES } from '../../common/phases';
import { isIsoDate } from '../../definitions/forms';
import { CASE_SORTS } from '../../store/case-list';
import { definitionKey, formData, person, plainText, team } from './text';
import { capabilityNeeds } from './routing';

export const caseIdParams = z.object({ id: z.string().regex(/^[a-z][a-z0-9-]{1,39}-\d{6,}$/, 'is not a case id such as hr-grievance-000042') }).strict();

const text = plainText;

export const openCaseBody = z
  .object({
    definition: definitionKey,
    title: text(500),
    subject: text(500).optional(),
    team: team.optional(),
    assignee: person.optional(),
    intake: formData.default({}),
  })
  .strict();

/** A point in time, as a date (midnight UTC) or a date-time with its zone; read as UTC. */
const instant = z
  .string()
  .refine(isIsoDate, 'must be a date such as 2024-05-31 or a time such as 2024-05-31T14:30:00Z')
  .meta({ anyOf: [{ format: 'date' }, { format: 'date-time' }] })
  .transform((v) => new Date(v).toISOString());

/** A yes-or-no filter as a query string carries it. */
const flag = z.enum(['true', 'false'], { error: "must be 'true' or 'false'" }).transform((v) => v === 'true');

/** Two ends of a range given in the wrong order name the later field. */
const inOrder = (q: Record<string, unknown>, after: string, before: string) => typeof q[after] !== 'string' || typeof q[before] !== 'string' || (q[after] as string) < (q[before] as string);

export const listCasesQuery = z
  .object({
    phase: z.enum(PHASES).optional(),
    risk: z.enum([...RISK_LEVELS, 'none']).optional().describe('A risk level, or none: cases not assessed yet'),
    status: z.enum(CASE_STATUSES).optional(),
    assignee: person.optional(),
    definition: definitionKey.optional(),
    team: team.optional(),
    q: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional().describe('Text found in the id, title or subject, in any letter case'),
    dueBefore: instant.optional().describe('Only cases with something due before this time'),
    dueAfter: instant.optional().describe('Only cases with something due at or after this time'),
    openedAfter: instant.optional().describe('Only cases opened at or after this time'),
    openedBefore: instant.optional().describe('Only cases opened before this time'),
    closedAfter: instant.optional().describe('Only cases closed at or after this time'),
    closedBefore: instant.optional().describe('Only cases closed before this time'),
    completedPhase: z.enum(PHASES).optional().describe('Only cases that completed (left) this phase between completedAfter and completedBefore, as per-phase cycle time counts them'),
    completedAfter: instant.optional().describe('Only cases that completed a phase (completedPhase, else any) at or after this time'),
    completedBefore: instant.optional().describe('Only cases that completed a phase (completedPhase, else any) before this time'),
    open: flag.optional().describe('true: only cases not closed (open or on hold); false: only closed cases'),
    breached: flag.optional().describe('true: only cases that missed a deadline; false: only cases that missed none'),
    overdue: flag.optional().describe('true: only cases not closed with something due before now; false: the others'),
    reported: flag.optional().describe('true: only cases with a case report (made at evaluation), whose figures the portfolio report adds up; false: the others'),
    sort: z.enum(CASE_SORTS).optional().describe('The order: a field, or -field for the other way; -openedAt (newest first) when not given; urgency lists the most urgent first'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z
      .string()
      .max(500)
      .regex(/^[A-Za-z0-9_-]*$/, 'is not a cursor this API handed out')
      .optional()
      .describe("The previous page's nextCursor, with the same filters and order; any other value is refused with 422"),
  })
  .strict()
  .refine((q) => inOrder(q, 'openedAfter', 'openedBefore'), { path: ['openedBefore'], message: 'must be after openedAfter' })
  .refine((q) => inOrder(q, 'closedAfter', 'closedBefore'), { path: ['closedBefore'], message: 'must be after closedAfter' })
  .refine((q) => inOrder(q, 'dueAfter', 'dueBefore'), { path: ['dueBefore'], message: 'must be after dueAfter' })
  .refine((q) => inOrder(q, 'completedAfter', 'completedBefore'), { path: ['completedBefore'], message: 'must be after completedAfter' });

export const listNotesQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(100).regex(/^[A-Za-z0-9_-]*$/, 'is not a cursor this API handed out').optional().describe("The previous page's nextCursor; any other value is refused with 422"),
  })
  .strict();

export const screeningBody = z
  .object({
    decision: z.enum(['accept', 'reject']),
    reason: text(2000),
  })
  .strict();

const reason = text(2000);
const taskDraft = {
  title: text(500),
  assignee: person.optional(),
  role: z.enum(ROLES).optional(),
  due: z
    .string()
    .regex(/^([0-9A-Za-z:.+-]{1,64}|\d{1,4} working (day|hour)s?)$/, 'is not a date-time, a duration or working time')
    .optional()
    .describe("ISO 8601 date-time, or a duration from now: P3D, or working time on the definition's calendar such as 3 working days"),
  required: z.boolean().optional(),
  requires: capabilityNeeds.optional().describe('Capabilities whoever takes the task must have, each at least at its level'),
  prefers: capabilityNeeds.optional().describe('Capabilities routing favours among the people who may take the task'),
};

export const formBody = z.object({ data: formData }).strict();
export const riskBody = z.object({ level: z.enum(RISK_LEVELS), reason }).strict();
export const planBody = z.object({ goals: z.array(text(500)).max(50).optional(), tasks: z.array(z.object(taskDraft).strict()).max(100).optional() }).strict();
export const approveBody = z.object({ approved: z.boolean().optional(), reason: reason.optional() }).strict();
export const taskBody = z.object(taskDraft).strict();
export const taskParams = caseIdParams.extend({ taskId: z.string().regex(/^t\d+$/, 'is not a task id such as t1') }).strict();
export const completeTaskBody = z.object({ outcome: text(500).optional(), note: text(5000).optional() }).strict();
export const followUpBody = z.object({ outcome: z.enum(FOLLOW_UP_OUTCOMES), note: text(5000).optional() }).strict();
export const noteBody = z.object({ text: text(10_000) }).strict();
export const assignmentBody = z.object({ assignee: person }).strict();
export const reasonBody = z.object({ reason }).strict();
export const closeBody = z
  .object({ reason, withdrawChildren: z.boolean().optional().describe('Withdraw the open child cases with it; without it a case with open children is not closed (409, naming them)') })
  .strict();
export const emptyBody = z.object({}).strict();
export const extensionBody = z
  .object({
    by: z
      .string()
      .regex(/^(P[0-9A-Z.]{1,30}|\d{1,4} working (day|hour)s?)$/, 'is not a duration such as P5D or working time such as 5 working days')
      .describe("How much later: an ISO 8601 duration, or working time on the definition's calendar"),
    reason,
  })
  .strict();
