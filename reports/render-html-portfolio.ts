/** The portfolio report as a self-contained HTML page. */
import type { Phase } from '../common/phases';
import { cards, page, section, table, type Card } from './render-html';
import { escapeHtml, formatHours, formatNumber, formatPercent, humanize, PHASE_COLOURS } from './render-markup';
import { barChart, type BarRow } from './render-svg';
import type { PortfolioReport } from './types';

const RISK_COLOURS: Record<string, string> = { low: '#4fb286', moderate: '#e9b44c', high: '#d0453a', none: '#a0a7b8' };
const STATUS_COLOURS: Record<string, string> = { open: '#3b6ea5', on_hold: '#e9b44c', closed: '#8a8a8a' };
const OUTCOME_COLOURS: Record<string, string> = { completed: '#2e9e5b', withdrawn: '#e4804e', screened_out: '#a0a7b8' };

const countRows = (counts: Record<string, number>, colours: Record<string, string>): BarRow[] =>
  Object.entries(counts).map(([k, n]) => ({ label: k === 'none' ? 'Not assessed' : humanize(k), values: [n], colour: colours[k] }));

function windowText(r: PortfolioReport): string {
  const { from, to, definition } = r.filter;
  const span = from && to ? `opened ${from} to ${to}` : from ? `opened since ${from}` : to ? `opened up to ${to}` : 'all cases';
  return `${span}${definition ? ` · definition ${definition}` : ' · every definition'}`;
}

function keyFigures(r: PortfolioReport): Card[] {
  return [
    { label: 'Cases', value: formatNumber(r.cases, 0), hint: `${r.reported} with a report` },
    { label: 'Cycle time (median)', value: formatHours(r.cycleTime.overall.p50), hint: `p90 ${formatHours(r.cycleTime.overall.p90)}` },
    { label: 'Deadline breach rate', value: formatPercent(r.deadlines.breachRate), hint: `${r.deadlines.missed} missed of ${r.deadlines.met + r.deadlines.missed}` },
    { label: 'Follow-ups on time', value: formatPercent(r.followUps.compliance), hint: `${r.followUps.onTime} of ${r.followUps.done} recorded` },
    { label: 'Satisfaction', value: formatNumber(r.satisfaction.average), hint: `${r.satisfaction.responses} responses` },
    { label: 'Cost', value: formatNumber(r.cost.total), hint: `average ${formatNumber(r.cost.average)} over ${r.cost.cases} cases` },
  ];
}

function cycleChart(r: PortfolioReport): string {
  const rows: BarRow[] = [
    { label: 'Overall', values: [r.cycleTime.overall.p50, r.cycleTime.overall.p90] },
    ...r.cycleTime.byPhase.map((p) => ({ label: humanize(p.phase), values: [p.p50, p.p90] })),
  ];
  if (r.cycleTime.overall.cases === 0 && r.cycleTime.byPhase.length === 0) return '<p class="empty">No case in this window has a report yet.</p>';
  return barChart(rows, { title: 'Cycle time by phase, median and 90th percentile', series: ['p50', 'p90'], format: formatHours, width: 960 });
}

function cycleTable(r: PortfolioReport): string {
  const rows = [
    ['Whole case (opened to closed, or to evaluation)', r.cycleTime.overall.cases, formatHours(r.cycleTime.overall.p50), formatHours(r.cycleTime.overall.p90)],
    ...r.cycleTime.byPhase.map((p) => [humanize(p.phase), p.cases, formatHours(p.p50), formatHours(p.p90)]),
  ];
  return table(['Phase', 'Cases', 'p50', 'p90'], rows, [1, 2, 3]);
}

export function portfolioHtml(r: PortfolioReport): string {
  const phaseRows = countRows(r.byPhase, PHASE_COLOURS as Record<Phase, string>);
  const header = `<h1>Portfolio report</h1><div class="meta"><span>${escapeHtml(windowText(r))}</span></div>`;
  const body = [
    cards(keyFigures(r)),
    '<div class="grid">',
    section('Cases by phase', barChart(phaseRows, { title: 'Cases by phase' })),
    section('Cases by risk level', barChart(countRows(r.byRisk, RISK_COLOURS), { title: 'Cases by risk level' })),
    section('Cases by status', barChart(countRows(r.byStatus, STATUS_COLOURS), { title: 'Cases by status' })),
    section('Outcomes of closed cases', barChart(countRows(r.outcomes, OUTCOME_COLOURS), { title: 'Outcomes of closed cases' })),
    '</div><div style="height:16px"></div>',
    section('Cycle time', cycleChart(r) + cycleTable(r)),
  ].join('\n');
  const footer = 'Portfolio report · counts cover every case opened in the window; times, deadlines, follow-ups, satisfaction and cost come from the cases that reached evaluation';
  return page('Portfolio report', header, body, footer);
}
