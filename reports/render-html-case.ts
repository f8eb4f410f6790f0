/** One case's report as a self-contained HTML page. */
import { badge, cards, page, section, shareBar, swatch, table, trusted, type Card } from './render-html';
import { escapeHtml, formatHours, formatNumber, formatPercent, formatTime, humanize, PHASE_COLOURS } from './render-markup';
import { timelineChart } from './render-svg';
import type { CaseReport } from './types';

const valueText = (v: unknown): string =>
  v === null || v === undefined ? '–' : typeof v === 'boolean' ? (v ? 'Yes' : 'No') : typeof v === 'object' ? JSON.stringify(v) : String(v);

function header(r: CaseReport): string {
  const meta = [r.caseId, `${r.definition.key} v${r.definition.version}`, `team ${r.team}`, r.subject ? `subject ${r.subject}` : undefined]
    .filter((m): m is string => m !== undefined)
    .map((m) => `<span>${escapeHtml(m)}</span>`)
    .join('');
  const state = [humanize(r.status), r.phase === r.status ? '' : humanize(r.phase), r.closure ? humanize(r.closure) : ''].filter(Boolean).map((b) => badge(b)).join('');
  return `<h1>${escapeHtml(r.title)}</h1><div class="meta">${meta}</div><div style="margin-top:10px">${state}</div>`;
}

function keyFigures(r: CaseReport): Card[] {
  const judged = r.deadlines.met + r.deadlines.missed;
  return [
    { label: 'Cycle time', value: formatHours(r.cycleHours), hint: r.reopenings.length > 0 ? `open time, ${r.reopenings.length} reopening${r.reopenings.length > 1 ? 's' : ''} (time closed left out)` : r.closedAt ? 'opened to closed' : r.evaluatedAt ? 'opened to evaluation' : 'not yet at evaluation' },
    {
      label: 'Deadlines met',
      value: `${r.deadlines.met} of ${judged}`,
      hint: `${r.deadlines.missed} missed${r.deadlines.running ? `, ${r.deadlines.running} still running` : ''}`,
      tone: judged === 0 ? undefined : r.deadlines.missed > 0 ? 'bad' : 'good',
    },
    {
      label: 'Follow-ups on time',
      value: `${r.followUps.onTime} of ${r.followUps.done}`,
      hint: `${r.followUps.escalated} escalated, ${r.followUps.pending} pending`,
      tone: r.followUps.done === 0 ? undefined : r.followUps.onTime === r.followUps.done ? 'good' : 'bad',
    },
    { label: 'Goals reached', value: r.goals.reached === null ? `– of ${r.goals.total}` : `${formatNumber(r.goals.reached)} of ${r.goals.total}` },
    { label: 'Satisfaction', value: formatNumber(r.satisfaction) },
    { label: 'Cost', value: formatNumber(r.cost) },
    { label: 'Risk', value: r.risk ? humanize(r.risk.level) : '–', hint: r.risk ? `score ${formatNumber(r.risk.score)}` : 'not assessed' },
    { label: 'Loops', value: `${r.loops.reassessments} / ${r.loops.replans}`, hint: 're-assessments / re-plans' },
  ];
}

function phaseTable(r: CaseReport): string {
  return table(
    ['Phase', 'Visits', 'Time', 'Share'],
    r.phases.map((p) => [swatch(PHASE_COLOURS[p.phase], humanize(p.phase)), p.visits, formatHours(p.hours), shareBar(p.share, PHASE_COLOURS[p.phase], formatPercent(p.share))]),
    [1, 2],
  );
}

function deadlineTable(r: CaseReport): string {
  const result = (d: CaseReport['deadlines']['items'][number]) =>
    trusted(d.breached ? badge('missed', 'bad') : d.met ? badge('met', 'good') : badge('running', 'wait'));
  const extended = (d: CaseReport['deadlines']['items'][number]) => (d.extensions ?? []).map((e) => `by ${e.by} (${e.reason}, ${e.actor})`).join('; ');
  return table(['Phase', 'Due', 'Extended', 'Left', 'Result'], r.deadlines.items.map((d) => [humanize(d.phase), formatTime(d.dueAt), extended(d), formatTime(d.endedAt), result(d)]));
}

/** Counts as label and number rows: they fit a half-width column however many there are. */
const countTable = (counts: [string, number][]) => table(['', 'Count'], counts, [1]);

function followUpTable(r: CaseReport): string {
  const f = r.followUps;
  return countTable([['Scheduled', f.scheduled], ['Recorded', f.done], ['On time', f.onTime], ['Late', f.late], ['Escalated', f.escalated], ['Cancelled', f.cancelled], ['Pending', f.pending]]);
}

function riskSection(r: CaseReport): string {
  if (!r.risk) return '<p class="empty">The case was not assessed.</p>';
  const { level, computedLevel, score, reasons, overrides } = r.risk;
  const levels = level === computedLevel ? humanize(level) : `${humanize(level)} (the rules gave ${humanize(computedLevel)})`;
  const reasonList = reasons.length ? `<ul>${reasons.map((x) => `<li>${escapeHtml(x)}</li>`).join('')}</ul>` : '<p class="empty">No risk factor applied.</p>';
  const overrideTable = overrides.length
    ? `<h3>Overrides</h3>${table(['From', 'To', 'Reason', 'By', 'At'], overrides.map((o) => [humanize(o.from), humanize(o.to), o.reason, o.by, formatTime(o.at)]))}`
    : '';
  return `<p><strong>${escapeHtml(levels)}</strong>, score ${escapeHtml(formatNumber(score))}</p>${reasonList}${overrideTable}`;
}

function workTable(r: CaseReport): string {
  const t = r.tasks;
  return countTable([['Tasks', t.total], ['Done', t.done], ['Done late', t.doneLate], ['Open', t.open], ['Overdue', t.overdue], ['Cancelled', t.cancelled], ['Notes', r.notes], ['Trail entries', r.trail.entries]]);
}

export function caseReportHtml(r: CaseReport & { producedAt?: string }): string {
  const body = [
    cards(keyFigures(r)),
    section('Timeline', timelineChart(r.timeline)),
    `<div class="grid">${section('Time in each phase', phaseTable(r))}${section('Deadlines', deadlineTable(r))}</div>`,
    '<div style="height:16px"></div>',
    `<div class="grid">${section('Follow-ups', followUpTable(r))}${section('Tasks, notes and trail', workTable(r))}</div>`,
    '<div style="height:16px"></div>',
    section('Evaluation', table(['Field', 'Value'], Object.entries(r.evaluation).map(([k, v]) => [humanize(k), valueText(v)]))),
    section('Risk', riskSection(r)),
    ...(r.reopenings.length > 0
      ? [section('Reopenings', table(['Closed', 'As', 'Reopened', 'By', 'At phase', 'Reason'], r.reopenings.map((o) => [formatTime(o.closedAt), humanize(o.closure), formatTime(o.at), o.by, humanize(o.phase), o.reason])))]
      : []),
  ].join('\n');
  const footer = `Case report · opened ${escapeHtml(formatTime(r.openedAt))} · figures as of ${escapeHtml(formatTime(r.asOf))} UTC · revision ${r.revision}` +
    (r.producedAt ? ` · produced ${escapeHtml(formatTime(r.producedAt))} UTC` : '');
  return page(`Case report: ${r.title}`, header(r), body, footer);
}
