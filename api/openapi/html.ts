/**
 * The /docs page: the OpenAPI document rendered on the server into one self-contained HTML page,
 * with no script and nothing loaded from elsewhere.
 */
import type { OpenApiDocument } from './document';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');

interface Parameter {
  name: string;
  in: string;
  required: boolean;
  description?: string;
  schema: Record<string, unknown>;
}

interface Op {
  operationId: string;
  tags: string[];
  summary: string;
  description: string;
  parameters: Parameter[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description?: string; $ref?: string }>;
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d2433;background:#f6f7f9}
main{max-width:980px;margin:0 auto;padding:24px}h1{margin:0 0 4px}h2{margin:32px 0 8px;border-bottom:1px solid #d5d9e0}
nav a{margin-right:12px}details{background:#fff;border:1px solid #d5d9e0;border-radius:6px;margin:8px 0;padding:8px 12px}
summary{cursor:pointer}code,pre{font:13px/1.4 ui-monospace,monospace}pre{background:#f0f2f5;padding:8px;overflow:auto;max-height:360px}
.m{display:inline-block;min-width:64px;font-weight:700;font-family:ui-monospace,monospace}.GET{color:#17663a}.POST{color:#1d4ed8}
.PUT,.PATCH{color:#9a5b00}.DELETE{color:#b42318}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #e4e7ec;padding:4px 6px;text-align:left;vertical-align:top}`;

function typeOf(schema: Record<string, unknown>): string {
  if (Array.isArray(schema.enum)) return schema.enum.map(String).join(' | ');
  if (typeof schema.type === 'string') return schema.type;
  return Array.isArray(schema.type) ? schema.type.join(' | ') : 'any';
}

function parametersTable(params: Parameter[]): string {
  if (params.length === 0) return '';
  const rows = params
    .map((p) => `<tr><td><code>${escapeHtml(p.name)}</code>${p.required ? ' *' : ''}</td><td>${escapeHtml(p.in)}</td><td>${escapeHtml(typeOf(p.schema))}</td><td>${escapeHtml(p.description ?? '')}</td></tr>`)
    .join('');
  return `<h4>Parameters</h4><table><tr><th>Name</th><th>In</th><th>Type</th><th>About</th></tr>${rows}</table>`;
}

function body(op: Op): string {
  if (!op.requestBody) return '';
  return Object.entries(op.requestBody.content)
    .map(([type, { schema }]) => `<h4>Body (<code>${escapeHtml(type)}</code>)</h4><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre>`)
    .join('');
}

function responses(doc: OpenApiDocument, op: Op): string {
  const shared = doc.components.responses as Record<string, { description: string }>;
  const rows = Object.entries(op.responses)
    .map(([status, r]) => {
      const description = r.$ref ? shared[r.$ref.split('/').pop() ?? '']?.description : r.description;
      return `<tr><td><code>${escapeHtml(status)}</code></td><td>${escapeHtml(description ?? '')}</td></tr>`;
    })
    .join('');
  return `<h4>Responses</h4><table>${rows}</table>`;
}

function operation(doc: OpenApiDocument, path: string, method: string, op: Op): string {
  const m = method.toUpperCase();
  return `<details id="${escapeHtml(op.operationId)}"><summary><span class="m ${m}">${m}</span> <code>${escapeHtml(path)}</code> — ${escapeHtml(op.summary)}</summary>
<p>${escapeHtml(op.description)}</p>${parametersTable(op.parameters)}${body(op)}${responses(doc, op)}</details>`;
}

export function renderDocs(doc: OpenApiDocument): string {
  const byTag = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods as Record<string, Op>)) {
      const tag = op.tags[0] ?? 'Other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), operation(doc, path, method, op)]);
    }
  }
  const sections = [...byTag].map(([tag, ops]) => `<h2 id="${slug(tag)}">${escapeHtml(tag)}</h2>${ops.join('\n')}`).join('\n');
  const nav = [...byTag.keys()].map((tag) => `<a href="#${slug(tag)}">${escapeHtml(tag)}</a>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(doc.info.title)}</title><style>${STYLE}</style></head><body><main>
<h1>${escapeHtml(doc.info.title)}</h1><p>${escapeHtml(doc.info.description)}</p>
<p>Send <code>Authorization: Bearer &lt;API key&gt;</code> with every request but the public ones. Errors are
<code>application/problem+json</code>. The machine-readable document is <a href="/openapi.json">/openapi.json</a>.</p>
<nav>${nav}</nav>${sections}</main></body></html>`;
}
