/**
 * Who may call which route: the one table every request is checked against before any route runs.
 * Admin may call every route; a route missing from the table is admin-only and answers 404 to
 * everyone else, so a new route is closed until it is listed here.
 */
import type { Role } from '../../common/phases';
import { CASE_COMMANDS } from '../schemas/case-commands';
import { DEFINITION_TYPES } from '../schemas/definitions';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Nobody needs a key; any user with a key; or one of these roles. */
export type Access = 'public' | 'authenticated' | readonly Role[];

/**
 * Checks beyond the role, made with the request in hand:
 * - `ownTask`: a caseworker completes only a task assigned to them;
 * - `selfAssign`: anyone but a supervisor assigns a case only to themselves.
 */
export type Rule = 'ownTask' | 'selfAssign';

export interface Permission {
  method: Method;
  /** An Express path; a trailing `*` matches the rest of the path. */
  path: string;
  access: Access;
  /** `:id` names a case: outside its team the case does not exist (404); a caseworker sees only cases given to them. */
  case?: boolean;
  rule?: Rule;
  /** Content types a body may have; JSON when not named. */
  accepts?: readonly string[];
}

export const JSON_TYPES = ['application/json'] as const;
const DOCUMENT_TYPES = ['application/json', 'multipart/form-data', 'application/octet-stream'];

// Admin is let in everywhere, so an admin-only route names no other role.
const ADMIN: Role[] = [];
const READ: Role[] = ['viewer', 'caseworker', 'case_manager', 'supervisor'];
const MANAGE: Role[] = ['case_manager', 'supervisor'];
const WORK: Role[] = ['caseworker', 'case_manager', 'supervisor'];
const REPORTS: Role[] = ['viewer', 'case_manager', 'supervisor'];
const DESIGN: Role[] = ['designer'];

const COMMAND_RULES: Record<string, Rule> = {
  '/cases/:id/tasks/:taskId/complete': 'ownTask',
  '/cases/:id/assignment': 'selfAssign',
};

/** First match wins, so the more specific paths come first. */
export const PERMISSIONS: readonly Permission[] = [
  { method: 'GET', path: '/health', access: 'public' },
  { method: 'GET', path: '/health/live', access: 'public' },
  { method: 'GET', path: '/health/ready', access: 'public' },
  { method: 'GET', path: '/openapi.json', access: 'public' },
  { method: 'GET', path: '/docs', access: 'public' },
  { method: 'GET', path: '/docs/assets/*', access: 'public' },

  { method: 'POST', path: '/users', access: ADMIN },
  { method: 'GET', path: '/users', access: ADMIN },
  { method: 'GET', path: '/users/:id', access: ADMIN },
  { method: 'PATCH', path: '/users/:id', access: ADMIN },
  { method: 'POST', path: '/api-keys', access: ADMIN },
  { method: 'GET', path: '/api-keys', access: ADMIN },
  { method: 'DELETE', path: '/api-keys/:id', access: ADMIN },
  { method: 'GET', path: '/audit', access: ADMIN },

  { method: 'GET', path: '/definitions', access: 'authenticated' },
  { method: 'GET', path: '/definitions/*', access: 'authenticated' },
  { method: 'POST', path: '/definitions/validate', access: DESIGN, accepts: DEFINITION_TYPES },
  { method: 'PUT', path: '/definitions/:key', access: DESIGN, accepts: DEFINITION_TYPES },
  // Moving running cases to a newer version: the dry run, the job, and resuming it.
  { method: 'POST', path: '/definitions/:key/moves*', access: DESIGN },

  { method: 'GET', path: '/calendars', access: 'authenticated' },
  { method: 'GET', path: '/calendars/*', access: 'authenticated' },
  { method: 'PUT', path: '/calendars/:key', access: DESIGN, accepts: DEFINITION_TYPES },

  { method: 'GET', path: '/cases', access: READ },
  { method: 'POST', path: '/cases', access: MANAGE, rule: 'selfAssign' },
  ...CASE_COMMANDS.map((c): Permission => ({ method: 'POST', path: c.path, access: c.roles, case: true, rule: COMMAND_RULES[c.path] })),
  { method: 'POST', path: '/cases/:id/tasks/:taskId/claim', access: WORK, case: true },
  { method: 'POST', path: '/cases/:id/tasks/:taskId/release', access: WORK, case: true },
  { method: 'POST', path: '/cases/:id/tasks/:taskId/assign', access: MANAGE, case: true, rule: 'selfAssign' },
  // The definition names who may reopen its cases; the route lets in whoever could be named.
  { method: 'POST', path: '/cases/:id/reopen', access: WORK, case: true },
  { method: 'POST', path: '/cases/:id/links', access: MANAGE, case: true },
  // The definition's retention names who places holds and approves destruction; the routes let in whoever could be named.
  { method: 'POST', path: '/cases/:id/legal-hold', access: MANAGE, case: true },
  { method: 'POST', path: '/cases/:id/legal-hold/release', access: MANAGE, case: true },
  { method: 'GET', path: '/retention/reviews', access: MANAGE },
  { method: 'POST', path: '/retention/reviews/:caseId/approve', access: MANAGE },
  { method: 'GET', path: '/retention/destructions', access: ADMIN },
  // A whole case, documents and all, goes to those who manage it; a person's data to admins alone.
  { method: 'GET', path: '/cases/:id/export', access: MANAGE, case: true },
  { method: 'GET', path: '/subjects/export', access: ADMIN },
  { method: 'POST', path: '/subjects/erase', access: ADMIN },
  { method: 'POST', path: '/subjects/correct', access: ADMIN },
  { method: 'GET', path: '/cases/:id/report', access: REPORTS, case: true },
  { method: 'POST', path: '/cases/:id/documents*', access: WORK, case: true, accepts: DOCUMENT_TYPES },
  { method: 'GET', path: '/cases/:id', access: READ, case: true },
  // Every other read of a case (its trail, documents, …) is open to whoever may read the case.
  { method: 'GET', path: '/cases/:id/*', access: READ, case: true },

  { method: 'POST', path: '/work/next', access: WORK },
  { method: 'POST', path: '/work/skip', access: WORK },
  { method: 'GET', path: '/work/queues', access: ['supervisor'] },
  // Supervisors manage the people of their teams (the routes check the team).
  { method: 'GET', path: '/people/:id/routing', access: ['supervisor'] },
  { method: 'PUT', path: '/people/:id/routing', access: ['supervisor'] },
  { method: 'POST', path: '/people/:id/absences', access: ['supervisor'] },
  { method: 'DELETE', path: '/people/:id/absences/:absenceId', access: ['supervisor'] },
  { method: 'POST', path: '/people/:id/hand-back', access: ['supervisor'] },

  { method: 'GET', path: '/reports/portfolio', access: REPORTS },
  { method: 'GET', path: '/outbox', access: ['supervisor'] },

  // The console's pages, under the same roles as the API routes they show. Unlike an API route, a
  // page missing here is refused to admins too.
  { method: 'GET', path: '/app', access: 'public' },
  { method: 'GET', path: '/app/static/*', access: 'public' },
  { method: 'GET', path: '/app/sign-in', access: 'public' },
  { method: 'POST', path: '/app/sign-in', access: 'public' },
  { method: 'GET', path: '/app/password/:token', access: 'public' },
  { method: 'POST', path: '/app/password/:token', access: 'public' },
  { method: 'POST', path: '/app/sign-out', access: 'authenticated' },
  { method: 'GET', path: '/app/my-work', access: 'authenticated' },
  { method: 'POST', path: '/app/work/next', access: WORK },
  { method: 'POST', path: '/app/cases/:id/tasks/:taskId/claim', access: WORK, case: true },
  { method: 'POST', path: '/app/cases/:id/tasks/:taskId/release', access: WORK, case: true },
  { method: 'POST', path: '/app/cases/:id/tasks/:taskId/assign', access: MANAGE, case: true, rule: 'selfAssign' },
  { method: 'GET', path: '/app/cases', access: READ },
  { method: 'GET', path: '/app/cases/new', access: MANAGE },
  { method: 'POST', path: '/app/cases', access: MANAGE, rule: 'selfAssign' },
  { method: 'GET', path: '/app/cases/:id', access: READ, case: true },
  { method: 'GET', path: '/app/cases/:id/print', access: READ, case: true },
  { method: 'GET', path: '/app/cases/:id/report', access: REPORTS, case: true },
  { method: 'GET', path: '/app/cases/:id/documents/:docId', access: READ, case: true },
  { method: 'POST', path: '/app/cases/:id/documents', access: WORK, case: true },
  // A case page's actions post to the API command's path under /app, with its roles and rule.
  ...CASE_COMMANDS.map((c): Permission => ({ method: 'POST', path: `/app${c.path}`, access: c.roles, case: true, rule: COMMAND_RULES[c.path] })),
  // A case's life beyond one straight run, under the roles of the API routes the pages share.
  { method: 'POST', path: '/app/cases/:id/reopen', access: WORK, case: true },
  { method: 'POST', path: '/app/cases/:id/links', access: MANAGE, case: true },
  { method: 'POST', path: '/app/cases/:id/legal-hold', access: MANAGE, case: true },
  { method: 'POST', path: '/app/cases/:id/legal-hold/release', access: MANAGE, case: true },
  { method: 'GET', path: '/app/cases/:id/export', access: MANAGE, case: true },
  { method: 'POST', path: '/app/retention/reviews/:caseId/approve', access: MANAGE },
  { method: 'POST', path: '/app/views', access: READ },
  { method: 'POST', path: '/app/views/:viewId/delete', access: READ },
  { method: 'GET', path: '/app/people', access: ADMIN },
  { method: 'POST', path: '/app/people/:userId/password-link', access: ADMIN },
  // A person's routing: supervisors reach the people of their teams (the page checks the team).
  { method: 'GET', path: '/app/people/:userId/routing', access: ['supervisor'] },
  { method: 'POST', path: '/app/people/:userId/routing', access: ['supervisor'] },
  { method: 'POST', path: '/app/people/:userId/absences', access: ['supervisor'] },
  { method: 'POST', path: '/app/people/:userId/absences/:absenceId/delete', access: ['supervisor'] },
  { method: 'GET', path: '/app/dashboard', access: REPORTS },
  { method: 'GET', path: '/app/dashboard.csv', access: REPORTS },
  { method: 'GET', path: '/app/board', access: READ },
  // Which move a role may make is the command's own rule (console/board-moves.ts reads the command table).
  { method: 'POST', path: '/app/board/:id/move', access: MANAGE, case: true },
  { method: 'GET', path: '/app/team', access: ['supervisor'] },
  { method: 'POST', path: '/app/team/reassign', access: ['supervisor'] },
  { method: 'POST', path: '/app/team/approvals/:id', access: ['supervisor'], case: true },
  { method: 'GET', path: '/app/definitions', access: DESIGN },
  { method: 'GET', path: '/app/definitions/new', access: DESIGN },
  { method: 'POST', path: '/app/definitions/new', access: DESIGN },
  { method: 'GET', path: '/app/definitions/:key/edit', access: DESIGN },
  { method: 'GET', path: '/app/definitions/:key/diff', access: DESIGN },
  { method: 'POST', path: '/app/definitions/:key/check', access: DESIGN },
  { method: 'POST', path: '/app/definitions/:key/try', access: DESIGN },
  { method: 'POST', path: '/app/definitions/:key/publish', access: DESIGN },
  { method: 'POST', path: '/app/definitions/:key/discard', access: DESIGN },
  // Moving running cases to a newer version: the dry run, the job and its progress, for the definition's designers.
  { method: 'GET', path: '/app/definitions/:key/moves', access: DESIGN },
  { method: 'POST', path: '/app/definitions/:key/moves', access: DESIGN },
  { method: 'GET', path: '/app/definitions/:key/moves/:jobId', access: DESIGN },
  { method: 'POST', path: '/app/definitions/:key/moves/:jobId/resume', access: DESIGN },
  { method: 'GET', path: '/app/reports', access: REPORTS },
  { method: 'GET', path: '/app/reports/portfolio.csv', access: REPORTS },
  { method: 'GET', path: '/app/reports/cases/:id', access: REPORTS, case: true },
  { method: 'GET', path: '/app/reports/cases/:id/csv', access: REPORTS, case: true },
];

export interface PermissionMatch {
  permission: Permission;
  params: Record<string, string>;
}

interface Compiled {
  permission: Permission;
  pattern: RegExp;
  names: string[];
}

// Express matches paths case-insensitively and with an optional trailing slash; so does the table,
// so that no spelling of a path reaches a route under another path's rule.
function compile(permission: Permission): Compiled {
  const names: string[] = [];
  const wildcard = permission.path.endsWith('*');
  const body = (wildcard ? permission.path.slice(0, -1) : permission.path)
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
      names.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { permission, names, pattern: new RegExp(`^${body}${wildcard ? '.*' : '/?'}$`, 'i') };
}

/** The table's rules by method, each list in the table's order: a request tests only its method's. */
const byMethod = new Map<string, Compiled[]>();
for (const c of PERMISSIONS.map(compile)) byMethod.set(c.permission.method, [...(byMethod.get(c.permission.method) ?? []), c]);

function decode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** The rule for a request; HEAD is read as GET, as Express routes it. */
export function findPermission(method: string, path: string): PermissionMatch | undefined {
  const m = method === 'HEAD' ? 'GET' : method;
  for (const c of byMethod.get(m) ?? []) {
    const hit = c.pattern.exec(path);
    if (!hit) continue;
    const params: Record<string, string> = {};
    c.names.forEach((name, i) => {
      const value = decode(hit[i + 1]);
      if (value !== undefined) params[name] = value;
    });
    return { permission: c.permission, params };
  }
  return undefined;
}

/** The roles of an actor that the rule lets in; admin is let in everywhere. */
export function grantingRoles(access: Access, roles: readonly Role[]): Role[] {
  if (access === 'public' || access === 'authenticated') return [...roles];
  return roles.filter((r) => r === 'admin' || access.includes(r));
}
