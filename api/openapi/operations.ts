/**
 * Every operation of the API, with the same zod schemas the routes validate with; the OpenAPI
 * document and the /docs page are made from this list, the command table and the permission table.
 */
import { z } from 'zod';
import type { Method } from '../auth/permissions';
import { auditQuery } from '../schemas/audit';
import { outboxQuery } from '../schemas/outbox';
import { CASE_COMMANDS } from '../schemas/case-commands';
import { caseIdParams, listCasesQuery, listNotesQuery, openCaseBody, taskParams } from '../schemas/cases';
import { dryRunBody, moveBody, moveJobParams, correctBody, eraseBody, linkBody, reasonOnlyBody, reopenBody, reviewParams, subjectQuery } from '../schemas/case-lifecycle';
import { caseReportQuery, portfolioQuery } from '../schemas/reports';
import { documentParams, documentUploadBody } from '../schemas/documents';
import { DEFINITION_TYPES, definitionKeyParams, definitionVersionParams, diffQuery } from '../schemas/definitions';
import { apiKeyIdParams, createApiKeyBody, createUserBody, listApiKeysQuery, updateUserBody, userIdParams } from '../schemas/users';
import { calendarKeyParams, calendarVersionParams } from '../schemas/calendars';
import { absenceBody, absenceParams, handBackBody, personParams, reasonOptional, routingProfileBody, skipBody, taskAssignBody } from '../schemas/routing';
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
  { method: 'POST', path: '/cases/:id/reopen', tag: 'Case lifecycle', summary: "Reopen a closed case, with a reason: a new run at the phase the definition's reopen key names, within its window, by a role it names", params: caseIdParams, body: reopenBody, ok: { status: 200, description: "The case's new state", schema: 'CaseView' }, errors: [403, 404, 409] },
  { method: 'POST', path: '/cases/:id/links', tag: 'Case lifecycle', summary: 'Link the case to another case you may see (related, duplicate_of, follows_from), with a reason; both cases show the link', params: caseIdParams, body: linkBody, ok: { status: 201, description: 'The link, as this case sees it', schema: 'AnyObject' }, errors: [404, 409] },
  { method: 'POST', path: '/cases/:id/legal-hold', tag: 'Retention', summary: "Place a legal hold on the case, with a reason: it is not destroyed while the hold lasts (admin or the definition's retention.hold_roles)", params: caseIdParams, body: reasonOnlyBody, ok: { status: 200, description: "The case's new state", schema: 'CaseView' }, errors: [403, 404, 409] },
  { method: 'POST', path: '/cases/:id/legal-hold/release', tag: 'Retention', summary: 'Release the legal hold, with a reason', params: caseIdParams, body: reasonOnlyBody, ok: { status: 200, description: "The case's new state", schema: 'CaseView' }, errors: [403, 404, 409] },
  { method: 'GET', path: '/retention/reviews', tag: 'Retention', summary: 'Closed cases past their retention, listed by the daily review for destruction, oldest due first', ok: { status: 200, description: 'The cases listed', schema: 'Items' } },
  { method: 'POST', path: '/retention/reviews/:caseId/approve', tag: 'Retention', summary: "Approve a listed case's destruction, with a reason (admin or the definition's retention.approver): its personal data goes from the read model, the documents folder and Temporal, and a record is kept", params: reviewParams, body: reasonOnlyBody, ok: { status: 200, description: 'The record of the destruction', schema: 'AnyObject' }, errors: [403, 404, 409] },
  { method: 'GET', path: '/retention/destructions', tag: 'Retention', summary: 'The record of every destruction: which case, when, by whose approval, what was removed', ok: { status: 200, description: 'The records, newest first', schema: 'Items' } },
  { method: 'GET', path: '/cases/:id/export', tag: 'Exports', summary: 'The case as one ZIP: case.json (its view and every note), trail.jsonl (each entry with its hashes), documents/, and SHA256SUMS over them', params: caseIdParams, ok: { status: 200, description: 'A ZIP archive', types: ['application/zip'] }, errors: [404] },
  { method: 'GET', path: '/subjects/export', tag: 'Exports', summary: "Everything held about a person, found by the intake field their cases' definitions mark as identifying them (personal_data.identifier), as one ZIP", query: subjectQuery, ok: { status: 200, description: 'A ZIP archive', types: ['application/zip'] } },
  { method: 'POST', path: '/subjects/erase', tag: 'Exports', summary: "Erase a person's data on request: every closed case about them is destroyed as a purge does, and recorded; refused, changing nothing, while one is open or on legal hold", body: eraseBody, ok: { status: 200, description: 'The records of the destructions', schema: 'Items' }, errors: [409] },
  { method: 'POST', path: '/subjects/correct', tag: 'Exports', summary: "Correct a person's intake data on request in every case about them, recorded in each trail", body: correctBody, ok: { status: 200, description: 'The cases corrected', schema: 'Items' } },
  { method: 'GET', path: '/cases/:id/links', tag: 'Case lifecycle', summary: "The case's links in both directions, to cases you may see", params: caseIdParams, ok: { status: 200, description: 'The links', schema: 'Items' }, errors: [404] },

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

  { method: 'POST', path: '/definitions/:key/moves/dry-run', tag: 'Definitions', summary: 'For each running case of a version: whether it can move to a newer one (its phase on, its data fitting the new forms) and what would change (its deadline, its follow-up)', params: definitionKeyParams, body: dryRunBody, ok: { status: 200, description: 'A verdict per case', schema: 'AnyObject' }, errors: [403] },
  { method: 'POST', path: '/definitions/:key/moves', tag: 'Definitions', summary: 'Move running cases (a list, or every one of the version) to a newer version, with a reason: a job with a result per case; each move is a command inside the case, recorded with both versions', params: definitionKeyParams, body: moveBody, ok: { status: 202, description: 'The job; Location names it', schema: 'AnyObject' }, errors: [403] },
  { method: 'GET', path: '/definitions/:key/moves/:jobId', tag: 'Definitions', summary: 'A move job and the result of each of its cases (pending, moved, refused with the reasons, failed)', params: moveJobParams, ok: { status: 200, description: 'The job', schema: 'AnyObject' }, errors: [404] },
  { method: 'POST', path: '/definitions/:key/moves/:jobId/resume', tag: 'Definitions', summary: 'Go on with the cases of a job cut short', params: moveJobParams, ok: { status: 202, description: 'The job as it stood', schema: 'AnyObject' }, errors: [403, 404, 409] },
  { method: 'GET', path: '/calendars', tag: 'Calendars', summary: 'List the working calendars, each at its newest version', ok: { status: 200, description: 'The calendars', schema: 'Items' } },
  { method: 'PUT', path: '/calendars/:key', tag: 'Calendars', summary: 'Publish a working calendar as its next version (200 when identical to the newest); running cases that count on an earlier version take it, and casesUpdated says how many', params: calendarKeyParams, body: calendarDocument, bodyTypes: DEFINITION_TYPES, ok: { status: 201, description: 'The new version', schema: 'AnyObject' }, also: { status: 200, description: 'Identical to the newest version, which it answers with', schema: 'AnyObject' } },
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

  { method: 'POST', path: '/work/next', tag: 'Work', summary: "Get next: the most urgent open task in your teams' queues that your roles and capabilities fit and your limit leaves room for, assigned to you at once, with why it was chosen (item is null, with the reason, when none fits)", body: reasonOptional, ok: { status: 200, description: 'The task and why', schema: 'AnyObject' }, errors: [409] },
  { method: 'POST', path: '/work/skip', tag: 'Work', summary: 'Pass on a task, with a reason; Get next leaves it out for you', body: skipBody, ok: { status: 200, description: 'Skipped', schema: 'AnyObject' }, errors: [404, 409] },
  { method: 'GET', path: '/work/queues', tag: 'Work', summary: "Each queue of the caller's teams (team and role): how many open tasks wait unassigned, and the age of the oldest", ok: { status: 200, description: 'The queues', schema: 'Items' } },
  { method: 'POST', path: '/cases/:id/tasks/:taskId/claim', tag: 'Work', summary: 'Take a task from its queue (if you have the capabilities it requires and room under your limit)', params: taskParams, body: reasonOptional, ok: { status: 200, description: "The case's new state", schema: 'CaseView' }, errors: [404, 409] },
  { method: 'POST', path: '/cases/:id/tasks/:taskId/release', tag: 'Work', summary: 'Give a task back to its queue (its holder, or a supervisor)', params: taskParams, body: reasonOptional, ok: { status: 200, description: "The case's new state", schema: 'CaseView' }, errors: [404, 409] },
  { method: 'POST', path: '/cases/:id/tasks/:taskId/assign', tag: 'Work', summary: 'Assign a task to a capable person of its team (a case manager only to themselves)', params: taskParams, body: taskAssignBody, ok: { status: 200, description: "The case's new state", schema: 'CaseView' }, errors: [404, 409] },
  { method: 'GET', path: '/people/:id/routing', tag: 'People', summary: "A person's capabilities, limits and absences (supervisors: people of their teams)", params: personParams, ok: { status: 200, description: 'The routing profile', schema: 'AnyObject' }, errors: [404] },
  { method: 'PUT', path: '/people/:id/routing', tag: 'People', summary: "Set a person's capabilities (name and level 1 to 5) and limits on open cases and tasks", params: personParams, body: routingProfileBody, ok: { status: 200, description: 'The routing profile', schema: 'AnyObject' }, errors: [404] },
  { method: 'POST', path: '/people/:id/absences', tag: 'People', summary: 'Record an absence (dates, both included); one that has begun hands their open work to the delegate or back to its queue, one ahead does so by the hourly sweep when it begins', params: personParams, body: absenceBody, ok: { status: 201, description: 'The absence, and the work handed back', schema: 'AnyObject' }, errors: [404] },
  { method: 'DELETE', path: '/people/:id/absences/:absenceId', tag: 'People', summary: 'Remove an absence (one not begun then hands nothing back)', params: absenceParams, ok: { status: 200, description: 'Removed', schema: 'AnyObject' }, errors: [404] },
  { method: 'POST', path: '/people/:id/hand-back', tag: 'People', summary: "Hand a person's open tasks to a delegate or back to their queues (and, with a delegate, their open cases)", params: personParams, body: handBackBody, ok: { status: 200, description: 'How many tasks and cases were handed on', schema: 'AnyObject' }, errors: [404] },

  { method: 'GET', path: '/audit', tag: 'Audit', summary: 'What was done to the system itself (every definition and calendar published, with who published it and its team), newest first', query: auditQuery, ok: { status: 200, description: 'The entries', schema: 'AuditList' } },
];
