/** The summary a run prints: requests by operation and status, then each failure with its request. */
import type { FuzzRequest } from './arbitraries';
import type { FuzzResult } from './fuzz';

const shown = (r: FuzzRequest) => {
  const body = r.body === undefined ? '' : ` body ${r.body.length > 300 ? `${r.body.slice(0, 300)}… (${r.body.length} chars)` : r.body}`;
  const path = r.path.length > 300 ? `${r.path.slice(0, 300)}… (${r.path.length} chars)` : r.path;
  return `as ${r.actor}: ${r.method} ${path} ${JSON.stringify(r.headers)}${body} [${r.mutation}]`;
};

export function summary(r: FuzzResult): string {
  const lines = [`${r.sent} requests in ${r.seconds.toFixed(1)} s; ${r.failures.length} failures; ${r.unavailable} answered 503; ${r.trailChecks} trails compared across a request`];
  const totals: Record<string, number> = {};
  for (const [op, byStatus] of Object.entries(r.statuses)) {
    lines.push(`  ${op.padEnd(44)} ${Object.entries(byStatus).map(([s, n]) => `${s}×${n}`).join(' ')}`);
    for (const [s, n] of Object.entries(byStatus)) totals[s] = (totals[s] ?? 0) + n;
  }
  lines.push(`  ${'all'.padEnd(44)} ${Object.entries(totals).map(([s, n]) => `${s}×${n}`).join(' ')}`);
  const viaDefault = Object.entries(r.viaDefault);
  if (viaDefault.length) lines.push('Statuses not listed for their operation, answered as the default problem:', ...viaDefault.map(([k, n]) => `  ${k} ×${n}`));
  const kinds = new Map<string, typeof r.failures>();
  for (const f of r.failures) kinds.set(`${f.kind} on ${f.op}`, [...(kinds.get(`${f.kind} on ${f.op}`) ?? []), f]);
  for (const [kind, list] of kinds) {
    const f = list.find((x) => x.shrunk) ?? list[0];
    lines.push(`FAIL ${kind} (×${list.length})`, `  ${f.detail}`, `  request: ${shown(f.request)}`);
    if (f.shrunk) lines.push(`  shrunk:  ${shown(f.shrunk)}`);
  }
  return lines.join('\n');
}
