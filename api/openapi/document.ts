/** The OpenAPI 3.1 document, made from the operations list, the zod schemas and the permission table. */
import { z } from 'zod';
import { findPermission, type Permission } from '../auth/permissions';
import { IDEMPOTENCY_HEADER, IDEMPOTENCY_KEY } from '../idempotency';
import { OPERATIONS, type Operation } from './operations';
import { RESPONSE_SCHEMAS, schemaRef } from './response-schemas';

type JsonSchema = Record<string, unknown>;

const ERROR_TEXT: Record<number, string> = {
  400: 'The body is not valid JSON, or a path segment is not valid percent-encoding',
  401: 'No API key, or one that is unknown or revoked (with WWW-Authenticate: Bearer)',
  403: "The caller's roles may not do this",
  404: 'Not found, or outside the caller\'s teams',
  409: 'Conflicts with the current state, or a request with the same Idempotency-Key is still running',
  410: 'The resource is no longer kept',
  413: 'The body is larger than 1 MB (a document: larger than DOCUMENT_MAX_BYTES, 10 MiB by default)',
  415: 'The body is in a content type the operation does not take',
  422: 'Invalid fields, each named: a value the schema refuses, or a well-formed one that names nothing known (a definition key, a user id, a cursor the API did not hand out) or that the case definition refuses (a form field, a definition or calendar checked against its format); or an Idempotency-Key used for another request',
  429: 'Too many requests with this API key in a minute, or too many with a key that is not valid from this address (see Retry-After)',
  503: 'Temporal or the case is briefly unavailable (see Retry-After)',
};

/** `/cases/:id` as OpenAPI writes it: `/cases/{id}`. */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

export function jsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  return onlyPatternForEmail(rest);
}

/**
 * An e-mail address is what the API's own pattern takes: the `email` format of a JSON Schema
 * validator takes others (and refuses some it takes), so the document names the pattern alone.
 */
function onlyPatternForEmail(schema: JsonSchema): JsonSchema {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const out: JsonSchema = {};
    for (const [k, v] of Object.entries(node)) out[k] = walk(v);
    if (out.format === 'email' && typeof out.pattern === 'string') delete out.format;
    return out;
  };
  return walk(schema) as JsonSchema;
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const json = jsonSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    ...(typeof s.description === 'string' ? { description: s.description } : {}),
    schema: s,
  }));
}

function requestBody(op: Operation) {
  if (!op.body) return undefined;
  const schema = jsonSchema(op.body);
  const types = op.bodyTypes ?? ['application/json'];
  const content = Object.fromEntries(types.map((t) => [t, { schema: t.includes('json') || t === 'multipart/form-data' ? schema : { type: 'string', description: schema.description } }]));
  // A request without a body is read as `{}` (api/validate.ts), so a body whose fields are all optional may be left out.
  return { required: !op.body.safeParse({}).success, content };
}

function errorStatuses(op: Operation, permission: Permission | undefined): number[] {
  const statuses = new Set<number>(op.errors ?? []);
  const isPublic = permission?.access === 'public';
  if (!isPublic) [401, 429].forEach((s) => statuses.add(s));
  if (!permission || Array.isArray(permission.access)) statuses.add(403);
  if (permission?.case) statuses.add(404);
  if (op.params || op.query || op.body) statuses.add(422);
  if (op.body) [400, 413, 415].forEach((s) => statuses.add(s));
  if (op.params) statuses.add(400);
  if (op.method === 'POST') statuses.add(409);
  return [...statuses].filter((s) => s !== op.ok.status).sort((a, b) => a - b);
}

const operationIdOf = (op: Operation) => `${op.method.toLowerCase()}${op.path.replace(/[/:.-]+([a-zA-Z0-9])/g, (_m, c: string) => c.toUpperCase())}`;

const rolesOf = (p: Permission | undefined): string[] | 'public' | 'authenticated' =>
  !p ? ['admin'] : Array.isArray(p.access) ? [...p.access, 'admin'] : (p.access as 'public' | 'authenticated');

function operation(op: Operation) {
  const permission = findPermission(op.method, op.path)?.permission;
  const roles = rolesOf(permission);
  const who = roles === 'public' ? 'Public: no API key needed.' : roles === 'authenticated' ? 'Any user with an API key.' : `Roles: ${roles.join(', ')}.`;
  const scope = permission?.case ? " Only within the case's team; elsewhere the case answers 404." : '';
  const okContent = Object.fromEntries((op.ok.types ?? ['application/json']).map((t) => [t, op.ok.schema && t.includes('json') ? { schema: schemaRef(op.ok.schema) } : { schema: { type: 'string' } }]));
  const responses: Record<string, unknown> = { [op.ok.status]: { description: op.ok.description, content: okContent } };
  if (op.also) responses[op.also.status] = { description: op.also.description, content: { 'application/json': { schema: op.also.schema ? schemaRef(op.also.schema) : { type: 'string' } } } };
  for (const status of errorStatuses(op, permission)) if (!(status in responses)) responses[status] = { $ref: `#/components/responses/E${status}` };
  responses.default = { $ref: '#/components/responses/Error' };

  const idempotency =
    op.method === 'POST'
      ? [{ name: IDEMPOTENCY_HEADER, in: 'header', required: false, description: 'Makes a retry safe: the same key and body answer as the first time, without running twice', schema: { type: 'string', minLength: 1, maxLength: 255, pattern: IDEMPOTENCY_KEY.source } }]
      : [];
  return {
    operationId: operationIdOf(op),
    tags: [op.tag],
    summary: op.summary,
    description: `${who}${scope}`,
    'x-roles': roles,
    ...(roles === 'public' ? { security: [] } : {}),
    parameters: [...parameters(op.params, 'path'), ...parameters(op.query, 'query'), ...idempotency],
    ...(op.body ? { requestBody: requestBody(op) } : {}),
    responses,
  };
}

/**
 * The case a `POST /cases` opened, followed: its answer's `id` is the `{id}` of every operation on
 * one case. Clients and the stateful phase of a contract checker chain calls through these links.
 */
function caseLinks(operations: Operation[]) {
  const onOneCase = operations.filter((o) => /^\/cases\/:id(\/|$)/.test(o.path) && (o.path.match(/:/g) ?? []).length === 1);
  return Object.fromEntries(onOneCase.map((o) => [operationIdOf(o), { operationId: operationIdOf(o), parameters: { id: '$response.body#/id' } }]));
}

export function buildDocument(operations: Operation[] = OPERATIONS) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const path = openApiPath(op.path);
    const built = operation(op);
    if (op.method === 'POST' && op.path === '/cases') (built.responses[op.ok.status] as { links?: unknown }).links = caseLinks(operations);
    paths[path] = { ...paths[path], [op.method.toLowerCase()]: built };
  }
  const problem = { 'application/problem+json': { schema: schemaRef('Problem') } };
  const responses = Object.fromEntries(Object.entries(ERROR_TEXT).map(([status, description]) => [`E${status}`, { description, content: problem }]));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Casework API',
      version: '1',
      description: 'Cases as long-running workflows: open a case, drive it through its phases with commands, and read it, its trail and its reports. Every error is an RFC 9457 problem.',
    },
    security: [{ apiKey: [] }],
    tags: [...new Set(operations.map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key: Authorization: Bearer cw_…' } },
      schemas: RESPONSE_SCHEMAS,
      responses: { ...responses, Error: { description: 'Any other failure', content: problem } },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildDocument>;
