/**
 * Every role against every endpoint: allowed, 403, or 404 for a case the caller may not see. The
 * expectations are written out from the roles' descriptions, not read from the permission table.
 * Requests that get past authorization carry a body or query the route refuses (422), so the
 * matrix changes no case; the roles' real work is in security-roles.test.ts.
 */
import { expect } from 'chai';
import type { Role } from '../../common/phases';
import { calendarHash } from '../../definitions/calendar-files';
import { calendarSchema } from '../../definitions/calendar-schema';
import { saveCalendarVersion } from '../../store/calendars';
import { quickCase } from '../fixtures/definitions';
import { intake } from '../helpers/cases';
import { httpClient, startSystem, type Http, type TestSystem, type TestUser } from '../helpers/system';

type Column = 'admin' | 'designer' | 'supervisor' | 'case_manager' | 'caseworker' | 'viewer' | 'caseworker, not assigned' | 'case_manager, other team';

interface Endpoint {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** Roles let in besides admin; `any` for every user with a key, `public` for no key at all. */
  roles: Role[] | 'any' | 'public';
  /** The status that shows the request got through. */
  ok: number;
  onCase?: boolean;
}

const READ: Role[] = ['viewer', 'caseworker', 'case_manager', 'supervisor'];
const MANAGE: Role[] = ['case_manager', 'supervisor'];
const WORK: Role[] = ['caseworker', 'case_manager', 'supervisor'];
const REPORTS: Role[] = ['viewer', 'case_manager', 'supervisor'];
const DESIGN: Role[] = ['designer'];
const ADMIN: Role[] = [];

const C = '/cases/:case';
const command = (path: string, roles: Role[]): Endpoint => ({ method: 'POST', path: `${C}/${path}`, roles, ok: 422, onCase: true });

const ENDPOINTS: Endpoint[] = [
  { method: 'GET', path: '/health', roles: 'public', ok: 200 },
  { method: 'GET', path: '/openapi.json', roles: 'public', ok: 200 },
  { method: 'GET', path: '/docs', roles: 'public', ok: 200 },
  { method: 'GET', path: '/cases', roles: READ, ok: 200 },
  { method: 'POST', path: '/cases', roles: MANAGE, ok: 422 },
  { method: 'GET', path: C, roles: READ, ok: 200, onCase: true },
  { method: 'GET', path: `${C}/notes`, roles: READ, ok: 200, onCase: true },
  { method: 'GET', path: `${C}/events`, roles: READ, ok: 200, onCase: true },
  { method: 'GET', path: `${C}/events/verify`, roles: READ, ok: 200, onCase: true },
  { method: 'GET', path: `${C}/report?format=pdf`, roles: REPORTS, ok: 422, onCase: true },
  command('screening', MANAGE),
  command('assessment', MANAGE),
  // The definition narrows this further (override_role); see security-roles.test.ts.
  command('risk', MANAGE),
  command('plan', MANAGE),
  command('plan/approve', ['supervisor']),
  command('tasks', MANAGE),
  command('tasks/t1/complete', WORK),
  command('follow-ups', MANAGE),
  command('transition', MANAGE),
  command('contact', MANAGE),
  command('evaluation', MANAGE),
  command('notes', WORK),
  command('assignment', MANAGE),
  command('hold', MANAGE),
  command('resume', MANAGE),
  command('close', MANAGE),
  // Past authorization the upload route takes only multipart/form-data: 415 to the JSON probe.
  { method: 'POST', path: `${C}/documents`, roles: WORK, ok: 415, onCase: true },
  { method: 'GET', path: `${C}/documents`, roles: READ, ok: 200, onCase: true },
  { method: 'GET', path: '/reports/portfolio', roles: REPORTS, ok: 200 },
  { method: 'GET', path: '/outbox', roles: ['supervisor'], ok: 200 },
  { method: 'GET', path: '/definitions', roles: 'any', ok: 200 },
  { method: 'GET', path: '/definitions/quick-case', roles: 'any', ok: 200 },
  { method: 'GET', path: '/definitions/quick-case/versions', roles: 'any', ok: 200 },
  { method: 'GET', path: '/definitions/quick-case/versions/1', roles: 'any', ok: 200 },
  { method: 'GET', path: '/definitions/quick-case/diff?from=1&to=1', roles: 'any', ok: 200 },
  { method: 'PUT', path: '/definitions/quick-case', roles: DESIGN, ok: 422 },
  { method: 'POST', path: '/definitions/validate', roles: DESIGN, ok: 422 },
  { method: 'GET', path: '/calendars', roles: 'any', ok: 200 },
  { method: 'GET', path: '/calendars/office', roles: 'any', ok: 200 },
  { method: 'GET', path: '/calendars/office/versions', roles: 'any', ok: 200 },
  { method: 'GET', path: '/calendars/office/versions/1', roles: 'any', ok: 200 },
  { method: 'PUT', path: '/calendars/office', roles: DESIGN, ok: 422 },
  { method: 'POST', path: '/users', roles: ADMIN, ok: 422 },
  { method: 'GET', path: '/users', roles: ADMIN, ok: 200 },
  { method: 'GET', path: '/users/admin', roles: ADMIN, ok: 200 },
  { method: 'PATCH', path: '/users/admin', roles: ADMIN, ok: 422 },
  { method: 'POST', path: '/api-keys', roles: ADMIN, ok: 422 },
  { method: 'GET', path: '/api-keys', roles: ADMIN, ok: 200 },
  { method: 'DELETE', path: '/api-keys/not-a-key-id', roles: ADMIN, ok: 422 },
  { method: 'GET', path: '/audit', roles: ADMIN, ok: 200 },
];

const COLUMNS: Column[] = ['admin', 'designer', 'supervisor', 'case_manager', 'caseworker', 'viewer', 'caseworker, not assigned', 'case_manager, other team'];
const PAIRS = ENDPOINTS.length * COLUMNS.length;

function expected(column: Column, e: Endpoint): number {
  if (column === 'admin' || e.roles === 'public' || e.roles === 'any') return e.ok;
  const role = column.split(',')[0] as Role;
  if (!e.roles.includes(role)) return 403;
  if (e.onCase && column.includes(',')) return 404;
  return e.ok;
}

// A body every route refuses once it is let in: strict schemas know no `probe` field.
const PROBE = { probe: true };

describe(`security: the role × endpoint matrix (${ENDPOINTS.length} endpoints × ${COLUMNS.length} roles = ${PAIRS} pairs)`, () => {
  let sys: TestSystem;
  let caseId: string;
  const clients = new Map<Column, Http>();
  before(async () => {
    sys = await startSystem({ definitions: [quickCase] });
    const calendar = calendarSchema.parse({ key: 'office', name: 'Office', team: 'team-a', time_zone: 'Europe/London', working_days: ['mon'], working_hours: { start: '09:00', end: '17:00' } });
    await saveCalendarVersion(sys.db, calendar, calendarHash(calendar), { id: 'admin', teams: 'any', approves: true });
    const user = (roles: Role[], teams = ['team-a']): Promise<TestUser> => sys.addUser({ roles, teams });
    const caseworker = await user(['caseworker']);
    const users: [Column, TestUser][] = [
      ['designer', await user(['designer'])],
      ['supervisor', await user(['supervisor'])],
      ['case_manager', await user(['case_manager'])],
      ['caseworker', caseworker],
      ['viewer', await user(['viewer'])],
      ['caseworker, not assigned', await user(['caseworker'])],
      ['case_manager, other team', await user(['case_manager'], ['team-b'])],
    ];
    clients.set('admin', sys.http);
    for (const [column, u] of users) clients.set(column, sys.as(u));
    const opened = await sys.http.post('/cases', { definition: 'quick-case', title: 'Matrix', assignee: caseworker.id, intake });
    expect(opened.status).to.equal(201);
    caseId = opened.body.id;
  });
  after(async () => sys?.stop());

  const call = (http: Http, e: Endpoint) => {
    const path = e.path.replace(':case', caseId);
    if (e.method === 'GET') return http.get(path);
    if (e.method === 'DELETE') return http.delete(path);
    return http.raw(e.method, path, JSON.stringify(PROBE), { 'content-type': 'application/json' });
  };

  for (const column of COLUMNS) {
    it(`${column}: ${ENDPOINTS.length} endpoints`, async () => {
      const trailBefore = (await sys.http.get(`/cases/${caseId}/events`)).body.items.length;
      const wrong: string[] = [];
      for (const e of ENDPOINTS) {
        const res = await call(clients.get(column)!, e);
        const want = expected(column, e);
        if (res.status !== want) wrong.push(`${e.method} ${e.path}: ${res.status}, expected ${want} (${JSON.stringify(res.body).slice(0, 160)})`);
        if (res.status >= 400) expect(res.headers.get('content-type'), `${e.method} ${e.path}`).to.match(/^application\/problem\+json/);
      }
      expect(wrong, wrong.join('\n')).to.deep.equal([]);
      expect((await sys.http.get(`/cases/${caseId}/events`)).body.items).to.have.length(trailBefore);
    });
  }

  it(`without a key, every endpoint but the public ones answers 401 (${ENDPOINTS.length} more pairs)`, async () => {
    const anonymous = httpClient(sys.url);
    for (const e of ENDPOINTS) expect((await call(anonymous, e)).status, `${e.method} ${e.path}`).to.equal(e.roles === 'public' ? 200 : 401);
  });

  it('counts what it tested', () => {
    console.log(`      role × endpoint pairs tested: ${PAIRS + ENDPOINTS.length} (${PAIRS} with a key, ${ENDPOINTS.length} without)`);
  });
});
