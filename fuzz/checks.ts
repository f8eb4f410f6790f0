/**
 * What every answer must satisfy: no 5xx, a status the document lists for the operation (or its
 * `default`, which the document declares as a problem), a body that matches the schema given for
 * that status, and problem details for every 4xx.
 */
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { resolve, type FuzzOperation, type JsonSchema, type OpenApiDoc } from './operations';

export interface Answer {
  status: number;
  contentType: string;
  text: string;
}

export type Verdict = { ok: true; viaDefault: boolean } | { ok: false; kind: string; detail: string };

const PROBLEM = 'application/problem+json';

export function createChecker(doc: OpenApiDoc) {
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema(doc as object, 'doc');
  const cache = new Map<string, ValidateFunction>();
  const validator = (schema: JsonSchema, where: string): ValidateFunction => {
    let v = cache.get(where);
    if (!v) {
      // A bare `$ref` names a shared schema: compile it from the document so its own refs resolve.
      v = typeof schema.$ref === 'string' && Object.keys(schema).length === 1 ? ajv.getSchema(`doc${schema.$ref}`)! : ajv.compile(resolve(doc, schema));
      cache.set(where, v);
    }
    return v;
  };

  return function check(op: FuzzOperation, a: Answer): Verdict {
    const fail = (kind: string, detail: string): Verdict => ({ ok: false, kind, detail: `${detail}; body: ${a.text.slice(0, 300)}` });
    if (a.status === 503) return fail('503 unavailable', 'Temporal is up, yet the API answered 503');
    if (a.status >= 500) return fail('5xx', `status ${a.status}`);
    const declared = op.responses[String(a.status)];
    const viaDefault = !declared;
    if (viaDefault && !(a.status >= 400 && a.status < 500 && op.responses.default)) return fail('undocumented status', `status ${a.status} is not in the document for ${op.key}`);
    const response = declared ?? op.responses.default;
    const type = a.contentType.split(';')[0].trim().toLowerCase();
    if (a.status >= 400 && type !== PROBLEM) return fail('4xx not a problem', `status ${a.status} came as ${type || 'no content type'}`);
    const content = response.content ?? {};
    if (Object.keys(content).length > 0 && !content[type]) return fail('undocumented content type', `${type} is not among ${Object.keys(content).join(', ')} for ${a.status}`);
    const schema = content[type]?.schema;
    if (!schema || !type.includes('json')) return { ok: true, viaDefault };
    let body: unknown;
    try {
      body = JSON.parse(a.text);
    } catch {
      return fail('body not JSON', `${type} that does not parse`);
    }
    const validate = validator(schema, `${op.key} ${a.status} ${type}`);
    if (!validate(body)) return fail('body does not match schema', `${a.status} ${type}: ${ajv.errorsText(validate.errors, { dataVar: 'body' })}`);
    if (a.status >= 400 && (body as { status?: unknown }).status !== a.status) return fail('problem status differs', `problem.status ${(body as { status?: unknown }).status} on a ${a.status}`);
    return { ok: true, viaDefault };
  };
}

export type Checker = ReturnType<typeof createChecker>;
