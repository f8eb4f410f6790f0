/**
 * Shapes of the answers, as JSON Schema. Requests are described from the zod schemas the routes
 * validate with; answers are described here, by their main fields, for readers and generators.
 */
import { CASE_STATUSES, PHASES, RISK_LEVELS, ROLES } from '../../common/phases';
import { AUDIT_ACTIONS } from '../../store/audit-log';

type JsonSchema = Record<string, unknown>;

const str = { type: 'string' };
const dateTime = { type: 'string', format: 'date-time' };
const list = (item: string): JsonSchema => ({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: { $ref: `#/components/schemas/${item}` } } } });

export const RESPONSE_SCHEMAS = {
  Problem: {
    type: 'object',
    description: 'An error, as RFC 9457 problem details',
    required: ['type', 'title', 'status'],
    properties: {
      type: str,
      title: str,
      status: { type: 'integer' },
      detail: str,
      errors: { type: 'array', description: 'The fields at fault', items: { type: 'object', required: ['field', 'message'], properties: { field: str, message: str } } },
    },
  },
  CaseView: {
    type: 'object',
    description: 'A case as its people see it, folded from its trail: phase, status, risk, plan, tasks, follow-ups, deadlines, the latest notes',
    required: ['id', 'number', 'title', 'team', 'phase', 'status'],
    properties: {
      id: str,
      number: { type: 'integer' },
      title: str,
      subject: str,
      team: str,
      assignee: str,
      phase: { enum: [...PHASES] },
      status: { enum: [...CASE_STATUSES] },
      risk: { type: 'object', properties: { level: { enum: [...RISK_LEVELS] }, score: { type: 'number' } } },
      tasks: { type: 'array', items: { type: 'object' } },
      notes: { type: 'array', description: 'The latest ten notes, oldest first; GET /cases/{id}/notes has them all', items: { $ref: '#/components/schemas/Note' } },
      noteCount: { type: 'integer', description: 'How many notes the case has' },
      trailLength: { type: 'integer' },
    },
    additionalProperties: true,
  },
  Note: { type: 'object', required: ['id', 'text', 'by', 'at'], properties: { id: str, text: str, by: str, at: dateTime } },
  NoteList: {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Note' } }, nextCursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page' } },
  },
  CaseRow: {
    type: 'object',
    required: ['id', 'title', 'team', 'phase', 'status', 'openedAt'],
    properties: { id: str, title: str, team: str, phase: { enum: [...PHASES] }, status: { enum: [...CASE_STATUSES] }, riskLevel: { enum: [...RISK_LEVELS] }, assignee: str, openedAt: dateTime, dueAt: dateTime, breached: { type: 'boolean' } },
    additionalProperties: true,
  },
  CaseList: {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: { items: { type: 'array', items: { $ref: '#/components/schemas/CaseRow' } }, nextCursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page' } },
  },
  TrailEntry: {
    type: 'object',
    required: ['caseId', 'seq', 'type', 'actor', 'at', 'hash'],
    properties: { caseId: str, seq: { type: 'integer' }, type: str, actor: { type: 'string', description: 'The authenticated user who acted, or `system`' }, at: dateTime, data: { type: 'object' }, prevHash: str, hash: str },
  },
  Trail: list('TrailEntry'),
  TrailVerdict: { type: 'object', required: ['valid', 'entries'], properties: { valid: { type: 'boolean' }, entries: { type: 'integer' } }, additionalProperties: true },
  Report: { type: 'object', description: 'A report; as CSV or HTML when `format` asks', additionalProperties: true },
  Health: {
    type: 'object',
    required: ['status'],
    properties: {
      status: { enum: ['ok', 'degraded'] },
      temporal: { type: 'object' },
      database: { type: 'object' },
      readModel: { type: 'object', required: ['casesBehind'], properties: { casesBehind: { type: 'integer', minimum: 0, description: 'Cases whose read model is behind their workflow and not brought up to date yet' } } },
    },
  },
  Liveness: { type: 'object', required: ['status'], properties: { status: { const: 'ok' } } },
  User: {
    type: 'object',
    required: ['id', 'name', 'email', 'roles', 'teams', 'active'],
    properties: { id: str, name: str, email: str, roles: { type: 'array', items: { enum: [...ROLES] } }, teams: { type: 'array', items: str }, active: { type: 'boolean' }, createdAt: dateTime },
  },
  UserList: list('User'),
  ApiKey: {
    type: 'object',
    required: ['id', 'userId', 'name', 'createdAt'],
    properties: { id: str, userId: str, name: str, createdAt: dateTime, revokedAt: dateTime, lastUsedAt: dateTime },
  },
  NewApiKey: {
    allOf: [{ $ref: '#/components/schemas/ApiKey' }, { type: 'object', required: ['key'], properties: { key: { type: 'string', description: 'The key; shown in this answer only' } } }],
  },
  ApiKeyList: list('ApiKey'),
  Document: {
    type: 'object',
    required: ['id', 'caseId', 'sha256', 'size', 'contentType', 'fileName', 'uploadedBy', 'uploadedAt'],
    properties: { id: str, caseId: str, sha256: { type: 'string', description: 'The SHA-256 of the bytes, in hex' }, size: { type: 'integer' }, contentType: str, fileName: str, title: str, uploadedBy: str, uploadedAt: dateTime },
  },
  DocumentList: list('Document'),
  AuditEntry: {
    type: 'object',
    required: ['id', 'actor', 'action', 'subject', 'details', 'at'],
    properties: {
      id: { type: 'integer' },
      actor: { type: 'string', description: 'The user who acted, or definitions-folder for the files published on start' },
      action: { enum: [...AUDIT_ACTIONS] },
      subject: { type: 'string', description: 'What was acted on, e.g. definition:hr-grievance' },
      details: { type: 'object', description: 'For definition.published: version, hash, team, and the addresses it approved; for calendar.published: version, hash, team' },
      at: dateTime,
    },
  },
  AuditList: list('AuditEntry'),
  Items: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { type: 'object' } } } },
  AnyObject: { type: 'object', additionalProperties: true },
} satisfies Record<string, JsonSchema>;

export type SchemaName = keyof typeof RESPONSE_SCHEMAS;

export const schemaRef = (name: SchemaName) => ({ $ref: `#/components/schemas/${name}` });
