/**
 * Every operation of the API, with the same zod schemas the routes validate with; the OpenAPI
 * document and the /docs page are made from this list, the command table and the permission table.
 */
import { z } from 'zod';
import type { Method } from '../auth/permissions';
import { auditQuery } from '../schemas/audit';
import { outboxQuery } from '../schemas/outbox';
import { CASE_COMMANDS } from '../schemas/case-commands';
import { caseIdParams, listCasesQuery, listNotesQuery, openCaseBody } from '../schemas/cases';
import { caseReportQuery, portfolioQuery } from '../schemas/reports';
import { documentParams, documentUploadBody } from '../schemas/documents';
import { DEFINITION_TYPES, definitionKeyParams, definitionVersionParams, diffQuery } from '../schemas/definitions';
import { apiKeyIdParams, createApiKeyBody, createUserBody, listApiKeysQuery, updateUserBody, userIdParams } from '../schemas/users';
import { calendarKeyParams, calendarVersionParams } from '../schemas/calendars';
import type { SchemaName } from './response-schemas';

export interface Operation {
  method: Method;
  /** The Express path, e.g. `/cases/:id`. */
  path: string;
  tag: string;
  summary: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Content types the body may come in; JSON when not named. */
  bodyTypes?: string[];
  ok: { status: number; description: string; schema?: SchemaName; types?: string[] };
  /** A second success, e.g. 200 beside 201 when nothing was created. */
  also?: { status: number; description: string; schema?: SchemaName };
  /** Statuses the operation answers beyond those every operation of its kind may. */
  errors?: number[];
}

const REPORT_TYPES = ['application/json', 'text/csv', 'text/html'];
const definitionDocument = z.record(z.string(), z.unknown()).describe('A case definition (see docs/designers.md and definitions/case-definition.schema.json)');
const calendarDocument = z.record(z.string(), z.unknown()).describe('A working calendar (see docs/designers.md and definitions/calendar.schema.json)');

const commandOperations: Operation[] = CASE_COMMANDS.map((c) => ({
  method: 'POST',
  path: c.path,
  tag: 'Case commands',
  summary: c.summary,
  params: c.params,
  body: c.body,
  ok: { status: 200, description: "The case's new state", schema: 'CaseView' },
  errors: [404, 409],
}));

export const OPERATIONS: Operation[] = [
  { method: 'GET', path: '/health', tag: 'System', summary: 'Whether the API reaches Temporal and the database', ok: { status: 200, description: 'Healthy (503 when degraded)', schema: 'Health' }, errors: [503] },
  { method: 'GET', path: '/health/live', tag: 'System', summary: 'Whether the process serves HTTP (liveness)', ok: { status: 200, description: 'Alive', schema: 'Liveness' } },
  { method: 'GET', path: '/health/ready', tag: 'System', summary: 'Whether the API reaches Temporal and the database (readiness)', ok: { status: 200, description: 'Ready (503 while Temporal or the database cannot be reached)', schema: 'Health' }, errors: [503] },
  { method: 'GET', path: '/openapi.json', tag: 'System', summary: 'This document', ok: { status: 200, description: 'The OpenAPI 3.1 document', schema: 'AnyObject' } },
  { method: 'GET', path: '/docs', tag: 'System', summary: 'The API reference as a web page', ok: { status: 200, description: 'An HTML page', types: ['text/html'] } },

  { method: 'POST', path: '/cases', tag: 'Cases', summary: 'Open a case', body: openCaseBody, ok: { status: 201, description: 'The new case; Location names it', schema: 'CaseView' } },
  { method: 'GET', path: '/cases', tag: 'Cases', summary: "List cases of the caller's teams, newest first", query: listCasesQuery, ok: { status: 200, description: 'A page of cases', schema: 'CaseList' } },
  { method: 'GET', path: '/cases/:id', tag: 'Cases', summary: 'Read a case as it is now', params: caseIdParams, ok: { status: 200, description: 'The case', schema: 'CaseView' }, errors: [404] },
  { method: 'GET', path: '/cases/:id/notes', tag: 'Cases', summary: "The case's notes, oldest first, a page at a time (its view shows the latest ten)", params: caseIdParams, query: listNotesQuery, ok: { status: 200, description: 'A page of notes', schema: 'NoteList' }, errors: [404] },
  { method: 'GET', path: '/cases/:id/events', tag: 'Cases', summary: "The case's audit trail", params: caseIdParams, ok: { status: 200, description: 'Trail entries in order', schema: 'Trail' }, errors: [404] },
  { method: 'GET', path: '/cases/:id/events/verify', tag: 'Cases', summary: "Check the trail's chain of hashes", params: caseIdParams, ok: { status: 200, description: 'Whether the chain holds', schema: 'TrailVerdict' }, errors: [404] },
  ...commandOperations,

  { method: 'POST', path: '/cases/:id/documents', tag: 'Documents', summary: "Add a document to a case (multipart/form-data: a file part 'file', an optional 'title'); the case records it in its trail", params: caseIdParams, body: documentUploadBody, bodyTypes: ['multipart/form-data'], ok: { status: 201, description: 'The stored document; Location names it', schema: 'Document' }, errors: [404, 409, 413, 415] },
  { method: 'GET', path: '/cases/:id/documents', tag: 'Documents', summary: "The case's documents, oldest first", params: caseIdParams, ok: { status: 200, description: 'The documents', schema: 'DocumentList' }, errors: [404] },
  { method: 'GET', path: '/cases/:id/documents/:docId', tag: 'Documents', summary: 'Download a document as an attachment, with its content type when that is application/pdf, image/png, image/jpeg, image/gif, image/webp, text/plain or text/csv (else application/octet-stream), under Content-Security-Policy: sandbox; ETag and X-Content-SHA256 carry its SHA-256', params: documentParams, ok: { status: 200, description: 'The bytes of the document, as an attachment', types: ['application/octet-stream'] }, errors: [404, 410] },

  { method: 'GET', path: '/cases/:id/report', tag: 'Reports', summary: "The case's report, made when it reaches evaluation", params: caseIdParams, query: caseReportQuery, ok: { status: 200, description: 'The report as JSON, CSV or HTML', schema: 'Report', types: REPORT_TYPES }, errors: [404] },
  { method: 'GET', path: '/reports/portfolio', tag: 'Reports', summary: 'Figures across cases in a window', query: portfolioQuery, ok: { status: 200, description: 'The portfolio as JSON, CSV or HTML', schema: 'Report', types: REPORT_TYPES } },

  { method: 'GET', path: '/definitions', tag: 'Definitions', summary: "List the case definitions, each at its newest version", ok: { status: 200, description: 'The definitions', schema: 'Items' } },
  { method: 'POST', path: '/definitions/validate', tag: 'Definitions', summary: 'Check a definition without publishing it', body: definitionDocument, bodyTypes: DEFINITION_TYPES, ok: { status: 200, description: 'The definition is valid; it comes back with its defaults', schema: 'AnyObject' } },
  { method: 'PUT', path: '/definitions/:key', tag: 'Definitions', summary: 'Publish a definition as its next version (200 when identical to the newest)', params: definitionKeyParams, body: definitionDocument, bodyTypes: DEFINITION_TYPES, ok: { status: 201, description: 'The new version', schema: 'AnyObject' }, also: { status: 200, description: 'Identical to the newest version, which it answers with', schema: 'AnyObject' } },
  { method: 'GET', path: '/definitions/:key', tag: 'Definitions', summary: "A definition's newest version", params: definitionKeyParams, ok: { status: 200, description: 'The definition', schema: 'AnyObject' }, errors: [404] },
  { method: 'GET', path: '/definitions/:key/versions', tag: 'Definitions', summary: "A definition's versions", params: definitionKeyParams, ok: { status: 200, description: 'The versions, oldest first', schema: 'Items' }, errors: [404] },
  { method: 'GET', path: '/definitions/:key/versions/:version', tag: 'Definitions', summary: 'One version of a definition', params: definitionVersionParams, ok: { status: 200, description: 'The definition', schema: 'AnyObject' }, errors: [404] },
  { method: 'GET', path: '/definitions/:key/diff', tag: 'Definitions', summary: 'What changed between two versions', params: definitionKeyParams, query: diffQuery, ok: { status: 200, description: 'The changes', schema: 'AnyObject' }, errors: [404] },

  { method: 'GET', path: '/calendars', tag: 'Calendars', summary: 'List the working calendars, each at its newest version', ok: { status: 200, description: 'The calendars', schema: 'Items' } },
  { method: 'PUT', path: '/calendars/:key', tag: 'Calendars', summary: 'Publish a working calendar as its next version (200 when identical to the newest)', params: calendarKeyParams, body: calendarDocument, bodyTypes: DEFINITION_TYPES, ok: { status: 201, description: 'The new version', schema: 'AnyObject' }, also: { status: 200, description: 'Identical to the newest version, which it answers with', schema: 'AnyObject' } },
  { method: 'GET', path: '/calendars/:key', tag: 'Calendars', summary: "A calendar's newest version", params: calendarKeyParams, ok: { status: 200, description: 'The calendar', schema: 'AnyObject' }, errors: [404] },
  { method: 'GET', path: '/calendars/:key/versions', tag: 'Calendars', summary: "A calendar's versions", params: calendarKeyParams, ok: { status: 200, description: 'The versions, oldest first', schema: 'Items' }, errors: [404] },
  { method: 'GET', path: '/calendars/:key/versions/:version', tag: 'Calendars', summary: 'One version of a calendar', params: calendarVersionParams, ok: { status: 200, description: 'The calendar', schema: 'AnyObject' }, errors: [404] },

  { method: 'GET', path: '/outbox', tag: 'Outbox', summary: 'Notification e-mails on record, newest first', query: outboxQuery, ok: { status: 200, description: 'The e-mails', schema: 'Items' } },

  { method: 'POST', path: '/users', tag: 'Users', summary: 'Add a person', body: createUserBody, ok: { status: 201, description: 'The user', schema: 'User' }, errors: [409] },
  { method: 'GET', path: '/users', tag: 'Users', summary: 'List people', ok: { status: 200, description: 'The users', schema: 'UserList' } },
  { method: 'GET', path: '/users/:id', tag: 'Users', summary: 'Read a person', params: userIdParams, ok: { status: 200, description: 'The user', schema: 'User' }, errors: [404] },
  { method: 'PATCH', path: '/users/:id', tag: 'Users', summary: "Change a person's name, e-mail, roles, teams, or deactivate them", params: userIdParams, body: updateUserBody, ok: { status: 200, description: 'The user', schema: 'User' }, errors: [404, 409] },

  { method: 'POST', path: '/api-keys', tag: 'API keys', summary: 'Make an API key for a user; the key is in this answer only', body: createApiKeyBody, ok: { status: 201, description: 'The key and its record', schema: 'NewApiKey' } },
  { method: 'GET', path: '/api-keys', tag: 'API keys', summary: 'List API keys (never the keys themselves)', query: listApiKeysQuery, ok: { status: 200, description: 'The keys', schema: 'ApiKeyList' } },
  { method: 'DELETE', path: '/api-keys/:id', tag: 'API keys', summary: 'Revoke an API key; it stops working at once', params: apiKeyIdParams, ok: { status: 200, description: 'The revoked key', schema: 'ApiKey' }, errors: [404] },

  { method: 'GET', path: '/audit', tag: 'Audit', summary: 'What was done to the system itself (every definition and calendar published, with who published it and its team), newest first', query: auditQuery, ok: { status: 200, description: 'The entries', schema: 'AuditList' } },
];
