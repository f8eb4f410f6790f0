/** The operations of the served OpenAPI document, flattened into what a request generator needs. */

export type JsonSchema = Record<string, any>;

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: JsonSchema;
}

export interface FuzzOperation {
  /** `POST /cases/{id}/screening` */
  key: string;
  method: string;
  path: string;
  roles: string[] | 'public' | 'authenticated';
  params: Parameter[];
  /** Content type to schema; absent when the operation takes no body. */
  body?: Record<string, JsonSchema>;
  responses: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
}

export interface OpenApiDoc {
  paths: Record<string, Record<string, any>>;
  components: { responses: Record<string, any>; schemas: Record<string, JsonSchema> };
}

/** Follows `#/components/...` references within the document. */
export function resolve<T>(doc: OpenApiDoc, node: any): T {
  let at = node;
  while (at && typeof at.$ref === 'string' && at.$ref.startsWith('#/')) {
    at = at.$ref.slice(2).split('/').reduce((o: any, k: string) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  }
  return at as T;
}

export function operationsOf(doc: OpenApiDoc): FuzzOperation[] {
  const ops: FuzzOperation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const responses = Object.fromEntries(Object.entries(op.responses as Record<string, unknown>).map(([s, r]) => [s, resolve<any>(doc, r)]));
      const body = op.requestBody ? Object.fromEntries(Object.entries(op.requestBody.content as Record<string, { schema: JsonSchema }>).map(([t, c]) => [t, c.schema])) : undefined;
      ops.push({ key: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path, roles: op['x-roles'], params: op.parameters ?? [], body, responses });
    }
  }
  return ops;
}
