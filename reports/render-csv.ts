/**
 * Reports as CSV (RFC 4180): one header row, then one row per figure or per phase, CRLF line ends.
 * Each report keeps one set of columns throughout, so a spreadsheet or a script reads it as one table;
 * the `section` column says which part of the report a row belongs to.
 */
import type { CaseReport, PortfolioReport } from './types';

type Cell = string | number | boolean | null | undefined;

/**
 * A formula-starting character at the start of a cell, or after whitespace or a `;` or `,`: a
 * spreadsheet that splits on `;` (or trims) would read what follows as a formula.
 */
const FORMULA = /(?:^|[\s;,])[=+\-@\t\r]/;

/**
 * Quotes a field when it holds a comma, a quote or a line break, doubling any quote inside. Text
 * in which a spreadsheet could find a formula gets a leading apostrophe, so it shows a title such as
 * `x;=HYPERLINK(…)` rather than running it. Numbers are written as they are.
 */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' && FORMULA.test(value) ? `'${value}` : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvRow = (cells: Cell[]): string => cells.map(csvField).join(',');
export const csvTable = (rows: Cell[][]): string => rows.map(csvRow).join('\r\n') + '\r\n';

const cellOf = (value: unknown): Cell =>
  value === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof value) ? (value as Cell) : JSON.stringify(value);

/** Columns: section, name, value, share, visits. `share` and `visits` belong to the phase rows. */
export function caseReportCsv(r: CaseReport): string {
  const metric = (name: string, value: Cell): Cell[] => ['metric', name, value, null, null];
  const rows: Cell[][] = [
    ['section', 'name', 'value', 'share', 'visits'],
    metric('case_id', r.caseId),
    metric('title', r.title),
    metric('definition', `${r.definition.key} v${r.definition.version}`),
    metric('phase', r.phase),
    metric('status', r.status),
    metric('closure', r.closure),
    metric('opened_at', r.openedAt),
    metric('evaluated_at', r.evaluatedAt),
    metric('closed_at', r.closedAt),
    metric('cycle_hours', r.cycleHours),
    metric('deadlines_met', r.deadlines.met),
    metric('deadlines_missed', r.deadlines.missed),
    metric('deadlines_running', r.deadlines.running),
    metric('follow_ups_scheduled', r.followUps.scheduled),
    metric('follow_ups_done', r.followUps.done),
    metric('follow_ups_on_time', r.followUps.onTime),
    metric('follow_ups_late', r.followUps.late),
    metric('follow_ups_escalated', r.followUps.escalated),
    metric('follow_ups_cancelled', r.followUps.cancelled),
    metric('follow_ups_pending', r.followUps.pending),
    metric('reassessments', r.loops.reassessments),
    metric('replans', r.loops.replans),
    metric('goals_total', r.goals.total),
    metric('goals_reached', r.goals.reached),
    metric('satisfaction', r.satisfaction),
    metric('cost', r.cost),
    metric('risk_level', r.risk?.level),
    metric('risk_score', r.risk?.score),
    metric('risk_overrides', r.risk?.overrides.length),
    metric('trail_entries', r.trail.entries),
    metric('notes', r.notes),
    metric('tasks_done', r.tasks.done),
    metric('tasks_open', r.tasks.open),
    metric('tasks_cancelled', r.tasks.cancelled),
    metric('tasks_overdue', r.tasks.overdue),
    metric('tasks_done_late', r.tasks.doneLate),
    ...Object.entries(r.evaluation).map(([name, value]): Cell[] => ['evaluation', name, cellOf(value), null, null]),
    ...r.phases.map((p): Cell[] => ['phase', p.phase, p.hours, p.share, p.visits]),
  ];
  return csvTable(rows);
}

/** Columns: section, name, value, p50_hours, p90_hours. Percentiles belong to the cycle-time rows. */
export function portfolioCsv(r: PortfolioReport): string {
  const row = (section: string, name: string, value: Cell): Cell[] => [section, name, value, null, null];
  const counts = (section: string, counts: Record<string, number>) => Object.entries(counts).map(([k, n]) => row(section, k, n));
  const rows: Cell[][] = [
    ['section', 'name', 'value', 'p50_hours', 'p90_hours'],
    row('filter', 'from', r.filter.from),
    row('filter', 'to', r.filter.to),
    row('filter', 'definition', r.filter.definition),
    row('metric', 'cases', r.cases),
    row('metric', 'reported', r.reported),
    row('metric', 'deadlines_met', r.deadlines.met),
    row('metric', 'deadlines_missed', r.deadlines.missed),
    row('metric', 'deadline_breach_rate', r.deadlines.breachRate),
    row('metric', 'follow_ups_done', r.followUps.done),
    row('metric', 'follow_ups_on_time', r.followUps.onTime),
    row('metric', 'follow_up_compliance', r.followUps.compliance),
    row('metric', 'satisfaction_responses', r.satisfaction.responses),
    row('metric', 'satisfaction_average', r.satisfaction.average),
    row('metric', 'cost_total', r.cost.total),
    row('metric', 'cost_average', r.cost.average),
    ...counts('phase', r.byPhase),
    ...counts('risk', r.byRisk),
    ...counts('status', r.byStatus),
    ...counts('outcome', r.outcomes),
    ['cycle_time', 'overall', r.cycleTime.overall.cases, r.cycleTime.overall.p50, r.cycleTime.overall.p90],
    ...r.cycleTime.byPhase.map((p): Cell[] => ['cycle_time', p.phase, p.cases, p.p50, p.p90]),
  ];
  return csvTable(rows);
}
