/**
 * The format of a case definition: what a process designer writes in YAML. This zod schema is the
 * single source of the format: the loader, the API and the CLI validate with it, and the committed
 * JSON Schema (definitions/case-definition.schema.json) is generated from it.
 */
import { z } from 'zod';
import { CASE_MODELS, CLOSURE_REASONS, DEADLINE_PHASES, FOLLOW_UP_OUTCOMES, RISK_LEVELS, ROLES } from './phases';
import { ISO_DURATION_PATTERN } from './duration';
import { WORKING_TIME_PATTERN } from './working-time/span';
import { LIMITS } from './definition-limits';
import { CAPABILITY_NAME, MAX_LEVEL, MIN_LEVEL } from './capabilities';

const atMost = (n: number, what: string) => `may have at most ${n} ${what}`;

const identifier = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'use lower-case letters, digits and _ and start with a letter')
  .max(LIMITS.nameLength, atMost(LIMITS.nameLength, 'characters'));

const duration = z
  .string()
  .regex(
    new RegExp(`${ISO_DURATION_PATTERN.source}|${WORKING_TIME_PATTERN.source}`),
    'must be an ISO 8601 duration such as P7D, PT12H or PT2S, or working time such as 20 working days or 4 working hours',
  )
  .describe("ISO 8601 duration (P7D, PT12H, PT2S), or working time on the definition's calendar (20 working days, 4 working hours)");

const expression = z
  .string()
  .min(1)
  .max(LIMITS.expressionLength, atMost(LIMITS.expressionLength, 'characters'))
  .describe('CEL expression (https://cel.dev)');

export const FIELD_TYPES = ['string', 'text', 'number', 'integer', 'boolean', 'date', 'enum'] as const;

export const fieldSchema = z
  .object({
    name: identifier.describe('Name used in data and expressions'),
    type: z.enum(FIELD_TYPES),
    label: z.string().optional(),
    help: z.string().optional(),
    required: z.boolean().default(false),
    min: z.number().optional().describe('Least value (number, integer) or length (string, text)'),
    max: z.number().optional().describe('Greatest value (number, integer) or length (string, text)'),
    pattern: z
      .string()
      .max(LIMITS.patternLength, atMost(LIMITS.patternLength, 'characters'))
      .optional()
      .describe('Regular expression (RE2 syntax) a string must match'),
    values: z
      .array(z.string().min(1))
      .min(1)
      .max(LIMITS.enumValues, atMost(LIMITS.enumValues, 'values'))
      .optional()
      .describe('Allowed values of an enum'),
  })
  .strict();

const form = z
  .array(fieldSchema)
  .max(LIMITS.fieldsPerForm, atMost(LIMITS.fieldsPerForm, 'fields'))
  .describe('Fields in the order a form shows them');

const screeningRule = z
  .object({
    when: expression.describe('Condition over the intake fields'),
    decision: z.enum(['accept', 'reject']),
    reason: z.string().min(1),
  })
  .strict();

const riskFactor = z
  .object({
    when: expression.describe('Condition over the assessment and intake fields'),
    points: z.union([z.number(), expression]).describe('Points added to the score, or an expression that gives them'),
    reason: z.string().min(1).describe('Recorded with the risk level when the factor applies'),
  })
  .strict();

const riskLevelRule = z
  .object({
    level: z.enum(RISK_LEVELS),
    when: expression.describe('Condition over `score` and the assessment fields; the first that holds wins'),
  })
  .strict();

const capabilityNeed = z
  .object({
    name: z.string().regex(CAPABILITY_NAME, 'is not a capability name (lower-case letters, digits and . _ : -, such as language:pl)'),
    level: z.number().int().min(MIN_LEVEL).max(MAX_LEVEL).describe(`The least level that will do, ${MIN_LEVEL} to ${MAX_LEVEL}`),
  })
  .strict();
const capabilityNeeds = z
  .array(capabilityNeed)
  .max(LIMITS.capabilityNeeds, atMost(LIMITS.capabilityNeeds, 'capabilities'))
  .refine((list) => new Set(list.map((c) => c.name)).size === list.length, 'names a capability twice');

const taskTemplate = z
  .object({
    title: z.string().min(1),
    role: z.enum(ROLES).describe('Role the task is assigned to'),
    due: duration.describe('Due this long after the plan is made'),
    required: z.boolean().default(true).describe('Implementation is complete when every required task is done'),
    child: z
      .object({
        definition: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'must be the key of a definition').describe('The definition of the child case the task opens'),
        intake: z.record(identifier, identifier).default({}).describe("The child's intake fields, each filled from the parent's intake field named"),
      })
      .strict()
      .optional()
      .describe("Opens a child case of another definition when the plan is made; the child's closing completes the task"),
    requires: capabilityNeeds.optional().describe('Capabilities whoever takes the task must have, each at least at its level'),
    prefers: capabilityNeeds.optional().describe('Capabilities routing favours among the people who may take the task'),
  })
  .strict();

export const TASK_ROUTING_RULES = ['least_loaded', 'round_robin', 'queue'] as const;
export const OWNER_ROUTING_RULES = ['keep', ...TASK_ROUTING_RULES] as const;
export type TaskRoutingRule = (typeof TASK_ROUTING_RULES)[number];
export type OwnerRoutingRule = (typeof OWNER_ROUTING_RULES)[number];

const phaseRouting = z
  .object({
    owner: z.enum(OWNER_ROUTING_RULES).optional().describe('Who owns the case from the moment it enters the phase: keep the assignee it has, the least-loaded capable person present in the team, the next in turn (round robin), or the team queue (the owner it had is cleared as it enters the phase)'),
    tasks: z.enum(TASK_ROUTING_RULES).optional().describe('How the tasks made while the case is in the phase (a plan\'s tasks are made in planning) without a named assignee are given out: least-loaded, round robin, or left in the team queue for Get next'),
  })
  .strict();

const planTemplate = z
  .object({
    goals: z.array(z.string().min(1)).default([]),
    tasks: z.array(taskTemplate).default([]),
    approval: z.boolean().default(false).describe('Whether a supervisor must approve the plan'),
  })
  .strict();

const deadline = z
  .object({
    within: duration.describe('How long the case may stay in the phase'),
    remind_before: duration.optional().describe('When to remind the assignee before the deadline'),
    escalate_to: z.enum(ROLES).optional().describe('Role told when the deadline passes'),
    max_extensions: z
      .number()
      .int()
      .min(0)
      .max(LIMITS.deadlineExtensions, atMost(LIMITS.deadlineExtensions, 'extensions'))
      .optional()
      .describe('How many times a supervisor may extend the deadline, each time with a reason; none when absent'),
  })
  .strict();

export const NOTIFICATION_EVENTS = [
  'case_opened',
  'phase_entered',
  'task_assigned',
  'deadline_near',
  'deadline_passed',
  'follow_up_due',
  'risk_changed',
  'case_closed',
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

const recipient = z.union([
  z.object({ assignee: z.literal(true) }).strict(),
  z.object({ role: z.enum(ROLES) }).strict(),
  z.object({ address: z.email() }).strict(),
  z.object({ field: identifier.describe('Intake field that holds an e-mail address') }).strict(),
]);

const notificationRule = z
  .object({
    on: z.enum(NOTIFICATION_EVENTS),
    phase: z.enum(DEADLINE_PHASES).optional().describe('With phase_entered and deadline events: only this phase'),
    to: z.array(recipient).min(1),
    subject: z.string().min(1).describe('Handlebars template'),
    body: z.string().min(1).describe('Handlebars template'),
  })
  .strict();

const reopenRule = z
  .object({
    roles: z.array(z.enum(ROLES)).min(1).describe('Roles that may reopen a closed case (admin always may)'),
    within: z
      .string()
      .regex(ISO_DURATION_PATTERN, 'must be an ISO 8601 duration such as P90D')
      .describe('How long after its closing a case may be reopened (ISO 8601 duration, such as P90D)'),
    phase: z.enum(DEADLINE_PHASES).describe('The phase a reopened case resumes at; its deadline starts again'),
    closures: z
      .array(z.enum(CLOSURE_REASONS))
      .min(1)
      .default(['completed'])
      .describe('How a case must have closed to be reopened: completed, withdrawn, screened_out'),
  })
  .strict();

const retentionRule = z
  .object({
    keep: z
      .string()
      .regex(ISO_DURATION_PATTERN, 'must be an ISO 8601 duration such as P6Y')
      .describe('How long a closed case is kept after its closing before it is listed for destruction (ISO 8601 duration, such as P6Y)'),
    approver: z.enum(ROLES).optional().describe('Role that may approve the destruction of a listed case, besides admin'),
    hold_roles: z.array(z.enum(ROLES)).min(1).default(['supervisor']).describe('Roles that may place and release a legal hold, besides admin'),
  })
  .strict();

const byLevel = <T extends z.ZodType>(schema: T) => z.object({ low: schema, moderate: schema, high: schema }).strict();

export const definitionSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'use 2 to 40 lower-case letters, digits and -'),
    name: z.string().min(1),
    description: z.string().default(''),
    model: z.enum(CASE_MODELS),
    team: z.string().min(1).optional().describe('Team a case belongs to when its creator names none'),
    calendar: z
      .string()
      .regex(/^[a-z][a-z0-9-]{1,39}$/, 'must be the key of a calendar, such as uk-england')
      .optional()
      .describe('Key of the working calendar (definitions/calendars/) that working-time durations count on'),
    forms: z
      .object({
        intake: form,
        assessment: form,
        evaluation: form,
        transition: form.default([]),
        contact: form.default([]),
      })
      .strict(),
    screening: z
      .object({ rules: z.array(screeningRule).max(LIMITS.screeningRules, atMost(LIMITS.screeningRules, 'rules')).default([]) })
      .strict()
      .default({ rules: [] }),
    risk: z
      .object({
        factors: z.array(riskFactor).max(LIMITS.riskFactors, atMost(LIMITS.riskFactors, 'factors')).default([]),
        levels: z.array(riskLevelRule).min(1).max(LIMITS.riskLevels, atMost(LIMITS.riskLevels, 'rules')),
        override_role: z.enum(ROLES).default('supervisor'),
      })
      .strict(),
    planning: byLevel(planTemplate),
    follow_up: z
      .object({
        cadence: byLevel(duration),
        window: duration.describe('How long a due follow-up may wait to be recorded before it escalates'),
        escalate_to: z.enum(ROLES).default('supervisor'),
      })
      .strict(),
    transition: z.object({ enabled: z.boolean() }).strict().default({ enabled: false }),
    contact: z
      .object({ enabled: z.boolean(), delay: duration.default('P30D').describe('Wait after the transition') })
      .strict()
      .default({ enabled: false, delay: 'P30D' }),
    deadlines: z.partialRecord(z.enum(DEADLINE_PHASES), deadline).default({}),
    routing: z.partialRecord(z.enum(DEADLINE_PHASES), phaseRouting).optional().describe('Per phase, how the case\'s owner and its new tasks are assigned'),
    notifications: z.array(notificationRule).max(LIMITS.notifications, atMost(LIMITS.notifications, 'rules')).default([]),
    // Optional without a default, so definitions published before keep their content hash.
    personal_data: z
      .object({ identifier: identifier.describe('The intake field that identifies the person the case is about (say, their e-mail address)') })
      .strict()
      .optional()
      .describe('Which intake field identifies the person, for subject-access exports, erasure and correction'),
    retention: retentionRule.optional().describe('How long closed cases are kept, who approves their destruction, and who places legal holds'),
    reopen: reopenRule.optional().describe('Who may reopen a closed case, for how long after its closing, and at which phase it resumes'),
  })
  .strict();

/** A definition as a designer writes it (defaults not yet applied). */
export type DefinitionInput = z.input<typeof definitionSchema>;
/** A validated definition with every default applied: what a case runs by. */
export type Definition = z.output<typeof definitionSchema>;
export type Field = z.output<typeof fieldSchema>;
export type FormName = keyof Definition['forms'];
export type PlanTemplate = Definition['planning']['low'];
export type Deadline = NonNullable<Definition['deadlines'][keyof Definition['deadlines']]>;
export type NotificationRule = Definition['notifications'][number];
export { FOLLOW_UP_OUTCOMES };

/** One version of a definition, as a case names it: the case loads the definition itself by it. */
export interface DefinitionRef {
  key: string;
  version: number;
  /** sha256 of the canonical content; identical content is never saved twice. */
  hash: string;
}

/** A definition as it is stored: pinned to one version. */
export interface VersionedDefinition extends DefinitionRef {
  definition: Definition;
}
