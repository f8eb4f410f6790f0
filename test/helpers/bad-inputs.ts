/**
 * A battery of requests the API must refuse: injection strings in every text field, wrong types,
 * missing and unknown fields, bodies that are too large or in the wrong type, and ids that try to
 * leave their path. Each is built from a valid body, changed in one place.
 */
import { jsonSchema } from '../../api/openapi/document';
import { CASE_COMMANDS } from '../../api/schemas/case-commands';
import { openCaseBody } from '../../api/schemas/cases';
import { createApiKeyBody, createUserBody, updateUserBody } from '../../api/schemas/users';
import type { z } from 'zod';

export interface BadInput {
  name: string;
  method: string;
  path: string;
  body?: string;
  headers: Record<string, string>;
  /** The field the refusal must name, when it names one. */
  field?: string;
}

interface Target {
  method: 'POST' | 'PATCH';
  path: string;
  body: Record<string, unknown>;
  schema: z.ZodType;
  /** Fields that hold prose, where SQL-shaped text is text like any other (see the SQL test). */
  prose: string[];
}

export const INJECTIONS: Record<string, string[]> = {
  sql: ["'; DROP TABLE cases; --", "' OR '1'='1", '1; SELECT * FROM api_keys'],
  html: ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '</textarea><svg onload=alert(1)>'],
  template: ['{{constructor.constructor("return process")()}}', '${process.exit(1)}', '<%= 7*7 %>'],
  nul: ['before\u0000after', 'bell\u0007', 'rtl\u202Eoverride'],
  long: ['x'.repeat(100_000)],
};

const VALID: Record<string, Record<string, unknown>> = {
  screening: { decision: 'accept', reason: 'ok' },
  assessment: { data: { severity: 1 } },
  risk: { level: 'high', reason: 'a reason' },
  plan: { goals: ['a goal'], tasks: [{ title: 'a task', assignee: 'sam', role: 'caseworker', due: 'P1D', required: true }] },
  'plan/approve': { approved: false, reason: 'a reason' },
  tasks: { title: 'a task', assignee: 'sam', role: 'caseworker', due: 'P1D', required: false },
  'tasks/t1/complete': { outcome: 'done', note: 'a note' },
  'follow-ups': { outcome: 'on_track', note: 'a note' },
  transition: { data: { destination: 'home' } },
  contact: { data: { doing_well: true } },
  evaluation: { data: { satisfaction: 4 } },
  notes: { text: 'a note' },
  assignment: { assignee: 'sam' },
  hold: { reason: 'a reason' },
  'deadline/extend': { by: '2 working days', reason: 'a reason' },
  resume: {},
  close: { reason: 'a reason' },
};
const PROSE = ['title', 'subject', 'reason', 'goals.0', 'tasks.0.title', 'note', 'text', 'name', 'intake.client_name', 'data.destination'];

export function targets(caseId: string, userId: string): Target[] {
  const commands = CASE_COMMANDS.map((c): Target => {
    const tail = c.path.replace('/cases/:id/', '').replace(':taskId', 't1');
    return { method: 'POST', path: `/cases/${caseId}/${tail}`, body: VALID[tail], schema: c.body, prose: tail.endsWith('complete') ? [...PROSE, 'outcome'] : PROSE };
  });
  return [
    { method: 'POST', path: '/cases', schema: openCaseBody, prose: PROSE, body: { definition: 'quick-case', title: 'A title', subject: 'A subject', team: 'team-a', assignee: 'sam', intake: { client_name: 'Ada', eligible: true } } },
    ...commands,
    { method: 'POST', path: '/users', schema: createUserBody, prose: PROSE, body: { id: 'newbie', name: 'New', email: 'new@example.org', roles: ['viewer'], teams: ['team-a'], active: true } },
    { method: 'PATCH', path: `/users/${userId}`, schema: updateUserBody, prose: PROSE, body: { name: 'Probe', email: 'probe@example.org', roles: ['viewer'], teams: ['team-a'], active: true } },
    { method: 'POST', path: '/api-keys', schema: createApiKeyBody, prose: PROSE, body: { userId, name: 'a key' } },
  ];
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** Every leaf of a body, by its dotted path. */
function leaves(value: unknown, prefix = ''): [string, unknown][] {
  if (value === null || typeof value !== 'object') return [[prefix, value]];
  return Object.entries(value).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

function setPath(body: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(body);
  const keys = path.split('.');
  let at: Record<string, unknown> = copy;
  for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
  if (value === undefined) delete at[keys[keys.length - 1]];
  else at[keys[keys.length - 1]] = value;
  return copy;
}

const wrongType = (v: unknown) => (typeof v === 'string' ? 12345 : Array.isArray(v) ? 'not a list' : typeof v === 'object' ? 'not an object' : 'not a number');

function bodyBattery(t: Target): BadInput[] {
  const out: BadInput[] = [];
  const add = (name: string, body: unknown, field?: string) => out.push({ name: `${t.method} ${t.path.slice(0, 60)}: ${name}`, method: t.method, path: t.path, body: JSON.stringify(body), headers: JSON_HEADERS, field });
  for (const [field, value] of leaves(t.body)) {
    if (field === '') continue;
    if (typeof value === 'string') {
      for (const [kind, strings] of Object.entries(INJECTIONS)) {
        if (kind === 'sql' && t.prose.includes(field)) continue;
        strings.forEach((s, i) => add(`${kind} #${i + 1} in ${field}`, setPath(t.body, field, s), field));
      }
    }
    add(`wrong type in ${field}`, setPath(t.body, field, wrongType(value)), field);
  }
  const required = (jsonSchema(t.schema) as { required?: string[] }).required ?? [];
  for (const field of required) add(`missing ${field}`, setPath(t.body, field, undefined), field);
  const rest = JSON.stringify(t.body).slice(1, -1);
  for (const extra of ['extra', '__proto__', 'constructor', 'actor']) {
    // Written as text: an object literal would swallow `__proto__` instead of sending it.
    const raw = `{${JSON.stringify(extra)}:{"admin":true}${rest ? `,${rest}` : ''}}`;
    out.push({ name: `${t.method} ${t.path.slice(0, 60)}: unknown field ${extra}`, method: t.method, path: t.path, body: raw, headers: JSON_HEADERS, field: extra });
  }
  for (const [name, raw] of [['array body', '[]'], ['string body', '"text"'], ['null body', 'null'], ['number body', '42'], ['broken JSON', '{"a":'], ['JSON with a NUL', '{"a":"\u0000']]) {
    out.push({ name: `${t.method} ${t.path.slice(0, 60)}: ${name}`, method: t.method, path: t.path, body: raw, headers: JSON_HEADERS });
  }
  const huge = JSON.stringify({ ...t.body, padding: 'x'.repeat(1_100_000) });
  out.push({ name: `${t.method} ${t.path.slice(0, 60)}: 1.1 MB body`, method: t.method, path: t.path, body: huge, headers: JSON_HEADERS });
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x', 'application/yaml']) {
    out.push({ name: `${t.method} ${t.path.slice(0, 60)}: sent as ${type}`, method: t.method, path: t.path, body: JSON.stringify(t.body), headers: { 'content-type': type } });
  }
  return out;
}

const BAD_IDS = [
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '..%5C..%5Cwindows%5Cwin.ini',
  'quick-case-000001%00',
  '%252e%252e%252fetc',
  'quick-case-000001%2F..%2F..%2Fusers',
  '%27%20OR%20%271%27%3D%271',
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  '%7B%7B7*7%7D%7D',
  'x'.repeat(3000),
  '%ZZ',
];

function pathBattery(caseId: string): BadInput[] {
  const templates: [string, string][] = [
    ...['', '/events', '/events/verify', '/report'].map((t): [string, string] => ['GET', `/cases/:id${t}`]),
    ...CASE_COMMANDS.map((c): [string, string] => ['POST', c.path]),
    ['GET', '/users/:id'],
    ['PATCH', '/users/:id'],
    ['DELETE', '/api-keys/:id'],
    ['GET', '/definitions/:id'],
  ];
  const out: BadInput[] = [];
  for (const [method, template] of templates) {
    for (const id of BAD_IDS) {
      const path = template.replace(':id', id).replace(':taskId', 't1');
      const body = method === 'POST' || method === 'PATCH' ? JSON.stringify({ text: 'x' }) : undefined;
      out.push({ name: `${method} ${template} with id ${id.slice(0, 40)}`, method, path, body, headers: body ? JSON_HEADERS : {} });
    }
    if (template.includes(':taskId')) {
      for (const id of BAD_IDS) out.push({ name: `POST ${template} with task ${id.slice(0, 40)}`, method, path: template.replace(':id', caseId).replace(':taskId', id), body: '{}', headers: JSON_HEADERS });
    }
  }
  return out;
}

function queryBattery(): BadInput[] {
  const out: BadInput[] = [];
  // Node refuses a request line over 16 kB before the app sees it, so long values stay below that here.
  const strings = Object.entries(INJECTIONS).flatMap(([kind, list]) => list.map((s, i): [string, string] => [`${kind} #${i + 1}`, kind === 'long' ? s.slice(0, 2000) : s]));
  for (const param of ['team', 'assignee', 'definition', 'cursor', 'phase', 'status', 'risk', 'limit']) {
    for (const [name, s] of strings) out.push({ name: `GET /cases?${param}= ${name}`, method: 'GET', path: `/cases?${param}=${encodeURIComponent(s)}`, headers: {}, field: `query.${param}` });
  }
  for (const [name, s] of strings) out.push({ name: `GET /api-keys?userId= ${name}`, method: 'GET', path: `/api-keys?userId=${encodeURIComponent(s)}`, headers: {}, field: 'query.userId' });
  out.push({ name: 'GET /cases with an unknown parameter', method: 'GET', path: '/cases?colour=red', headers: {}, field: 'query.colour' });
  return out;
}

/** The whole battery against one case in implementation and one probe user. */
export function badInputs(caseId: string, userId: string): BadInput[] {
  const headerCases: BadInput[] = ['x'.repeat(300), 'has spaces in it'].map((key) => ({
    name: `Idempotency-Key ${key.slice(0, 20)}`, method: 'POST', path: `/cases/${caseId}/notes`, body: JSON.stringify({ text: 'x' }), headers: { ...JSON_HEADERS, 'idempotency-key': key }, field: 'Idempotency-Key',
  }));
  const nesting = { title: 'deep', definition: 'quick-case', intake: { client_name: 'Ada', eligible: true, deep: JSON.parse('{"a":'.repeat(10) + '1' + '}'.repeat(10)) } };
  const wide = { title: 'wide', definition: 'quick-case', intake: { client_name: 'Ada', eligible: true, list: Array.from({ length: 500 }, (_, i) => i) } };
  const shapes: BadInput[] = [nesting, wide].map((b) => ({ name: `POST /cases with intake ${b.title}`, method: 'POST', path: '/cases', body: JSON.stringify(b), headers: JSON_HEADERS }));
  return [...targets(caseId, userId).flatMap(bodyBattery), ...pathBattery(caseId), ...queryBattery(), ...headerCases, ...shapes];
}
