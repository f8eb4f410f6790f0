/**
 * The alert rules and the dashboard shipped in docs/monitoring parse, and every metric they name
 * is one the processes export: the API's and the worker's own registries, or the Temporal
 * runtime's, whose metric names are compiled into its native library.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import YAML from 'yaml';
import { createApiMetrics } from '../../api/observability/metrics';
import { openDb } from '../../store/db';
import { createWorkerRegistry } from '../../worker/metrics';

const DOCS = path.resolve(__dirname, '..', '..', 'docs', 'monitoring');
const HISTOGRAM_SERIES = /_(bucket|sum|count)$/;
/** Names in an expression that are functions, keywords or label names rather than metrics. */
const PROMQL_WORDS = new Set(['sum', 'max', 'min', 'rate', 'increase', 'deriv', 'by', 'without', 'and', 'or', 'unless', 'le', 'histogram_quantile', 'clamp_min', 'avg', 'count']);

function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"[^"]*"/g, '""')
    .replace(/\{[^}]*\}/g, '{}')
    .replace(/\[[^\]]*\]/g, '[]')
    .replace(/\b(by|without)\s*\([^)]*\)/g, '')
    .replace(/\b\d+(\.\d+)?(e[-+]?\d+)?\b/g, '0');
  return [...bare.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)].map((m) => m[0]).filter((w) => !PROMQL_WORDS.has(w));
}

function balanced(expr: string): boolean {
  let depth = 0;
  for (const c of expr.replace(/"[^"]*"/g, '')) {
    if ('([{'.includes(c)) depth++;
    if (')]}'.includes(c)) depth--;
    if (depth < 0) return false;
  }
  return depth === 0;
}

function runtimeLibrary(): string {
  const dir = path.join(path.dirname(require.resolve('@temporalio/core-bridge/package.json')), 'releases');
  const file = fs.readdirSync(dir).map((d) => path.join(dir, d, 'index.node')).find((f) => fs.existsSync(f) && f.includes(`${process.arch === 'x64' ? 'x86_64' : 'aarch64'}-unknown-linux`)) ?? fs.readdirSync(dir).map((d) => path.join(dir, d, 'index.node')).find((f) => fs.existsSync(f));
  if (!file) throw new Error('the Temporal runtime library is not installed');
  return fs.readFileSync(file).toString('latin1');
}

describe('monitoring docs: alert rules and dashboard', () => {
  let known: Set<string>;
  let runtime: string;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-monitoring-'));
  before(async () => {
    const db = await openDb({ dataDir });
    try {
      known = new Set([...createApiMetrics(db).registry.getMetricsAsArray(), ...createWorkerRegistry().getMetricsAsArray()].map((m) => m.name));
    } finally {
      await db.destroy();
    }
    runtime = runtimeLibrary();
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const exists = (name: string) => {
    const base = name.replace(HISTOGRAM_SERIES, '');
    if (name.startsWith('casework_')) return known.has(name) || known.has(base);
    if (name.startsWith('temporal_')) return runtime.includes(base.slice('temporal_'.length));
    return false;
  };

  it('the alert rules parse as Prometheus rule groups, each with a name, an expression over exported metrics, a severity and a summary', () => {
    const doc = YAML.parse(fs.readFileSync(path.join(DOCS, 'alerts.yml'), 'utf8')) as { groups: { name: string; rules: { alert: string; expr: string; labels: { severity: string }; annotations: { summary: string } }[] }[] };
    const rules = doc.groups.flatMap((g) => g.rules);
    expect(rules.map((r) => r.alert)).to.include.members(['CaseworkOutboxStuck', 'CaseworkDeadlinesBreached', 'CaseworkNondeterministicWorkflows', 'CaseworkApiErrorRate']);
    for (const r of rules) {
      expect(r.alert, JSON.stringify(r)).to.match(/^Casework[A-Za-z]+$/);
      expect(balanced(r.expr), r.expr).to.equal(true);
      expect(r.labels.severity).to.be.oneOf(['page', 'ticket']);
      expect(r.annotations.summary).to.be.a('string').and.not.empty;
      const names = metricNames(r.expr);
      expect(names, r.expr).not.to.be.empty;
      for (const n of names) expect(exists(n), `${r.alert} names ${n}, which no process exports`).to.equal(true);
    }
  });

  it('the dashboard parses as a Grafana dashboard whose every query names exported metrics', () => {
    const dash = JSON.parse(fs.readFileSync(path.join(DOCS, 'dashboard.json'), 'utf8')) as { title: string; panels: { title: string; targets: { expr: string }[] }[] };
    expect(dash.title).to.equal('Casework');
    const exprs = dash.panels.flatMap((p) => p.targets.map((t) => ({ panel: p.title, expr: t.expr })));
    expect(exprs.length).to.be.at.least(10);
    const all = new Set(exprs.flatMap((e) => metricNames(e.expr)));
    for (const wanted of ['casework_open_cases', 'casework_breached_cases', 'casework_outbox_backlog', 'casework_outbox_oldest_age_seconds', 'casework_http_requests_total', 'casework_commands_total']) expect(all).to.include(wanted);
    for (const { panel, expr } of exprs) {
      expect(balanced(expr), expr).to.equal(true);
      for (const n of metricNames(expr)) expect(exists(n), `panel "${panel}" names ${n}, which no process exports`).to.equal(true);
    }
  });

  it('tells a metric that does not exist from one that does', () => {
    expect(exists('casework_open_cases')).to.equal(true);
    expect(exists('casework_http_request_duration_seconds_bucket')).to.equal(true);
    expect(exists('temporal_workflow_task_execution_failed')).to.equal(true);
    expect(exists('casework_open_case')).to.equal(false);
    expect(exists('temporal_workflow_task_execution_flailed')).to.equal(false);
  });
});
