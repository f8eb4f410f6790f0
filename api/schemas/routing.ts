/** Request schemas of routing: people's capabilities, limits and absences, and the work routes. */
import { z } from 'zod';
import { CAPABILITY_NAME, MAX_LEVEL, MIN_LEVEL } from '../../common/capabilities';
import { LIMITS } from '../../common/definition-limits';
import { plainText } from './text';
import { userId } from './users';

const capability = z
  .object({
    name: z.string().regex(CAPABILITY_NAME, 'is not a capability name (lower-case letters, digits and . _ : -, such as language:pl)'),
    level: z.number().int('must be a whole number').min(MIN_LEVEL, `must be ${MIN_LEVEL} to ${MAX_LEVEL}`).max(MAX_LEVEL, `must be ${MIN_LEVEL} to ${MAX_LEVEL}`),
  })
  .strict();

/** What a task asks of whoever takes it, as a plan template's task does: each capability once. */
export const capabilityNeeds = z
  .array(capability)
  .max(LIMITS.capabilityNeeds, `may name at most ${LIMITS.capabilityNeeds} capabilities`)
  .refine((list) => new Set(list.map((c) => c.name)).size === list.length, 'names a capability twice');

const limit = z.number().int('must be a whole number').min(0, 'must be 0 or more').max(100_000, 'must be at most 100000').nullable().optional();

export const routingProfileBody = z
  .object({
    capabilities: z
      .array(capability)
      .max(50, 'may have at most 50 capabilities')
      .refine((list) => new Set(list.map((c) => c.name)).size === list.length, 'names a capability twice'),
    maxOpenCases: limit,
    maxOpenTasks: limit,
  })
  .strict();

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'is not a date such as 2026-12-24').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'is not a date in the calendar');

export const absenceBody = z
  .object({
    startsOn: date,
    endsOn: date,
    delegate: userId.optional(),
    reason: plainText(500),
  })
  .strict()
  .refine((a) => a.endsOn >= a.startsOn, { path: ['endsOn'], message: 'must be on or after startsOn' });

export const personParams = z.object({ id: userId }).strict();
export const absenceParams = z.object({ id: userId, absenceId: z.string().regex(/^\d{1,12}$/, 'is not an absence id').transform(Number) }).strict();

export const reasonOptional = z.object({ reason: plainText(500).optional() }).strict();
export const skipBody = z
  .object({
    caseId: z.string().regex(/^[a-z][a-z0-9-]{1,39}-\d{6,}$/, 'is not a case id such as hr-grievance-000042'),
    taskId: z.string().regex(/^t\d+$/, 'is not a task id such as t1'),
    reason: plainText(500),
  })
  .strict();
export const taskAssignBody = z.object({ assignee: userId, reason: plainText(500).optional() }).strict();
export const handBackBody = z.object({ delegate: userId.optional(), reason: plainText(500) }).strict();
