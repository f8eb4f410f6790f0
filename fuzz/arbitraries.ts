/**
 * Requests generated from the document: for each operation, values that follow its JSON schemas
 * (path, query, body) and the same values broken in one place. Broken pieces are chosen by small
 * records of choices, so fast-check can shrink a failing request towards the simplest one.
 */
import fc from 'fast-check';
import { BAD_IDS, BAD_NUMBERS, BAD_STRINGS, CONTENT_TYPES, RAW_BODIES } from './bad-values';
import type { FuzzOperation, JsonSchema } from './operations';

export interface FuzzRequest {
  op: string;
  actor: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** How the request was broken, for the summary. */
  mutation: string;
}

/** Real ids to aim at, per path parameter, so that requests reach past the 404. */
export type Pools = (op: FuzzOperation, param: string) => string[];

export function valueOf(s: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (Array.isArray(alternatives)) return fc.oneof(...alternatives.map((a: JsonSchema) => valueOf(a, depth)));
  if (Array.isArray(s.allOf)) return valueOf(s.allOf[0], depth);
  if (Array.isArray(s.type)) return fc.oneof(...s.type.map((t: string) => valueOf({ ...s, type: t }, depth)));
  switch (s.type) {
    case 'string': return stringOf(s);
    case 'integer': return fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 1000 });
    case 'number': return fc.double({ min: s.minimum ?? -1000, max: s.maximum ?? 1000, noNaN: true, noDefaultInfinity: true });
    case 'boolean': return fc.boolean();
    case 'null': return fc.constant(null);
    case 'array': return depth > 3 ? fc.constant([]) : fc.array(valueOf(s.items ?? {}, depth + 1), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 3, 3) });
    case 'object': return objectOf(s, depth);
    default: return depth > 2 ? fc.constant('x') : fc.jsonValue({ maxDepth: 2 });
  }
}

function stringOf(s: JsonSchema): fc.Arbitrary<string> {
  if (s.format === 'date-time') return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
  if (s.format === 'date') return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (s.format === 'email') return fc.emailAddress();
  if (typeof s.pattern === 'string') {
    try {
      return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length <= (s.maxLength ?? 200) && v.length >= (s.minLength ?? 0));
    } catch {
      // a pattern fast-check cannot read: plain strings will do
    }
  }
  return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 40) });
}

function objectOf(s: JsonSchema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const props: Record<string, JsonSchema> = s.properties ?? {};
  if (Object.keys(props).length === 0) return depth > 2 ? fc.constant({}) : fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 });
  const shape = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, valueOf(v, depth + 1)]));
  return fc.record(shape, { requiredKeys: (s.required ?? []).filter((k: string) => k in props) });
}

const badValue = fc.oneof(fc.constantFrom<unknown>(...BAD_STRINGS), fc.constantFrom(...BAD_NUMBERS), fc.string({ unit: 'binary', maxLength: 30 }));

/** One place to break an object body, or none. */
const mutation = fc.record({
  kind: fc.constantFrom('none', 'none', 'none', 'missing', 'unknown', 'bad-value', 'bad-value', 'raw', 'content-type', 'huge'),
  pick: fc.nat(),
  bad: badValue,
  raw: fc.constantFrom(...RAW_BODIES),
  type: fc.constantFrom(...CONTENT_TYPES),
});
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function breakBody(value: unknown, schema: JsonSchema, m: Mutation): { text: string; type?: string; name: string } {
  const obj = value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : undefined;
  const keys = Object.keys(schema.properties ?? {});
  const key = keys.length ? keys[m.pick % keys.length] : 'x';
  if (m.kind === 'raw') return { text: m.raw, name: `raw body ${JSON.stringify(m.raw)}` };
  if (m.kind === 'content-type') return { text: JSON.stringify(value), type: m.type, name: `sent as ${m.type}` };
  if (m.kind === 'huge') return { text: JSON.stringify({ ...obj, padding: 'x'.repeat(1_100_000) }), name: '1.1 MB body' };
  if (!obj) return { text: JSON.stringify(value), name: 'as generated' };
  if (m.kind === 'missing') {
    const required: string[] = schema.required ?? keys;
    const gone = required.length ? required[m.pick % required.length] : key;
    delete obj[gone];
    return { text: JSON.stringify(obj), name: `without ${gone}` };
  }
  if (m.kind === 'unknown') {
    const extra = ['extra', '__proto__', 'constructor', 'actor'][m.pick % 4];
    const rest = JSON.stringify(obj).slice(1, -1);
    // Written as text: an object literal would swallow `__proto__` instead of sending it.
    return { text: `{${JSON.stringify(extra)}:{"admin":true}${rest ? `,${rest}` : ''}}`, name: `unknown field ${extra}` };
  }
  if (m.kind === 'bad-value') {
    obj[key] = m.bad;
    return { text: JSON.stringify(obj), name: `${key} = ${JSON.stringify(m.bad)?.slice(0, 40)}` };
  }
  return { text: JSON.stringify(obj), name: 'as generated' };
}

// A lone surrogate cannot be put in a URL at all; it goes as the replacement character.
const encode = (v: unknown) => encodeURIComponent((typeof v === 'string' ? v : JSON.stringify(v) ?? '').replace(/[\uD800-\uDFFF]/g, '\uFFFD'));

function pathOf(op: FuzzOperation, pools: Pools): fc.Arbitrary<{ path: string; name: string }> {
  const params = op.params.filter((p) => p.in === 'path');
  const each = params.map((p) =>
    fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...pools(op, p.name)).map((v) => ({ v, bad: false })) },
      { weight: 1, arbitrary: stringOf(p.schema).map((v) => ({ v: encode(v), bad: false })) },
      { weight: 2, arbitrary: fc.oneof(fc.constantFrom(...BAD_IDS), fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }).map(encode)).map((v) => ({ v, bad: true })) },
    ),
  );
  return fc.tuple(...each).map((vals) => {
    let path = op.path;
    params.forEach((p, i) => (path = path.replace(`{${p.name}}`, vals[i].v)));
    const bad = params.filter((_, i) => vals[i].bad).map((p) => p.name);
    return { path, name: bad.length ? `bad ${bad.join(', ')}` : '' };
  });
}

function queryOf(op: FuzzOperation): fc.Arbitrary<{ query: string; name: string }> {
  const params = op.params.filter((p) => p.in === 'query');
  const each = params.map((p) =>
    fc.oneof(
      { weight: p.required ? 6 : 3, arbitrary: valueOf(p.schema).map((v) => ({ v: v as unknown, bad: false })) },
      { weight: p.required ? 1 : 3, arbitrary: fc.constant({ v: undefined as unknown, bad: false }) },
      { weight: 2, arbitrary: badValue.map((v) => ({ v: typeof v === 'string' ? v.slice(0, 2000) : v, bad: true })) },
    ),
  );
  return fc.tuple(fc.tuple(...each), fc.boolean(), fc.nat()).map(([vals, extra, n]) => {
    const parts = params.flatMap((p, i) => (vals[i].v === undefined ? [] : [`${p.name}=${encode(vals[i].v)}`]));
    const bad = params.filter((_, i) => vals[i].bad).map((p) => p.name);
    if (extra && n % 5 === 0) parts.push('colour=red');
    return { query: parts.length ? `?${parts.join('&')}` : '', name: [...bad.map((b) => `bad ${b}`), ...(extra && n % 5 === 0 ? ['unknown query'] : [])].join(', ') };
  });
}

export function requestOf(op: FuzzOperation, pools: Pools, actors: fc.Arbitrary<string>): fc.Arbitrary<FuzzRequest> {
  const types = Object.keys(op.body ?? {});
  const bodyArb = op.body
    ? fc.tuple(fc.constantFrom(...types), valueOf(op.body[types.find((t) => t.includes('json')) ?? types[0]] ?? {}), mutation)
    : fc.constant(undefined);
  const idempotency = fc.option(fc.oneof(fc.uuid(), fc.constantFrom('x'.repeat(300), 'has spaces', '')), { freq: 6 });
  return fc.record({ actor: actors, path: pathOf(op, pools), query: queryOf(op), body: bodyArb, key: idempotency }).map(({ actor, path, query, body, key }) => {
    const headers: Record<string, string> = {};
    if (key !== null && op.method === 'POST') headers['idempotency-key'] = key;
    let text: string | undefined;
    let bodyName = '';
    if (body) {
      const [type, value, m] = body;
      const schema = op.body?.[types.find((t) => t.includes('json')) ?? type] ?? {};
      const broken = breakBody(value, schema, m);
      text = broken.text;
      bodyName = broken.name;
      headers['content-type'] = broken.type ?? type;
    }
    const mutation = [path.name, query.name, bodyName].filter(Boolean).join('; ') || 'as generated';
    return { op: op.key, actor, method: op.method, path: path.path + query.query, headers, body: text, mutation };
  });
}
