/** Inline SVG charts for the HTML reports: a timeline of phase visits and horizontal bar charts. */
import { PHASES } from '../common/phases';
import { escapeHtml, formatHours, formatTime, humanize, PHASE_COLOURS, SERIES_COLOURS } from './render-markup';
import type { TimelineVisit } from './types';

const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-size="12"';
const DAY_MS = 86_400_000;

const svg = (width: number, height: number, label: string, body: string[]) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeHtml(label)}" ${FONT}>` +
  body.join('') +
  '</svg>';

const text = (x: number, y: number, content: string, attrs = '') =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${escapeHtml(content)}</text>`;

/** One row per phase the case visited, one bar per visit, on a shared time axis. */
export function timelineChart(visits: TimelineVisit[], width = 960): string {
  if (visits.length === 0) return '<p class="empty">No phase visits recorded.</p>';
  const phases = PHASES.filter((p) => visits.some((v) => v.phase === p));
  const [left, right, top, rowH, barH, axisH] = [130, 24, 8, 30, 18, 34];
  const t0 = Math.min(...visits.map((v) => Date.parse(v.start)));
  const t1 = Math.max(...visits.map((v) => Date.parse(v.end)));
  const span = Math.max(t1 - t0, 60_000);
  const plotW = width - left - right;
  const x = (t: number) => left + ((t - t0) / span) * plotW;
  const height = top + phases.length * rowH + axisH;
  const body: string[] = [];

  phases.forEach((p, i) => {
    const y = top + i * rowH;
    if (i % 2 === 0) body.push(`<rect x="0" y="${y}" width="${width}" height="${rowH}" fill="#f4f5f8"/>`);
    body.push(text(left - 10, y + rowH / 2 + 4, humanize(p), 'text-anchor="end" fill="#333"'));
  });

  const ticks = 6;
  const withTime = span < 3 * DAY_MS;
  for (let i = 0; i <= ticks; i++) {
    const t = t0 + (span * i) / ticks;
    const tx = x(t);
    const label = withTime ? formatTime(new Date(t).toISOString()).slice(5) : new Date(t).toISOString().slice(0, 10);
    const anchor = i === 0 ? 'start' : i === ticks ? 'end' : 'middle';
    body.push(`<line x1="${tx.toFixed(1)}" x2="${tx.toFixed(1)}" y1="${top}" y2="${height - axisH + 4}" stroke="#d5d8e0" stroke-dasharray="3 3"/>`);
    body.push(text(tx, height - axisH + 20, label, `text-anchor="${anchor}" fill="#666"`));
  }

  for (const v of visits) {
    const row = phases.indexOf(v.phase);
    const bx = x(Date.parse(v.start));
    const bw = Math.max(3, x(Date.parse(v.end)) - bx);
    const by = top + row * rowH + (rowH - barH) / 2;
    const style = v.open ? `fill-opacity="0.45" stroke="${PHASE_COLOURS[v.phase]}" stroke-dasharray="4 2"` : '';
    const tip = `${humanize(v.phase)}: ${formatTime(v.start)} to ${formatTime(v.end)}${v.open ? ' (still open)' : ''}, ${formatHours(v.hours)}`;
    body.push(
      `<rect x="${bx.toFixed(1)}" y="${by}" width="${bw.toFixed(1)}" height="${barH}" rx="3" fill="${PHASE_COLOURS[v.phase]}" ${style}><title>${escapeHtml(tip)}</title></rect>`,
    );
  }
  return svg(width, height, 'Timeline of phase visits', body);
}

export interface BarRow {
  label: string;
  values: (number | null)[];
  colour?: string;
}

export interface BarOptions {
  title: string;
  series?: string[];
  format?: (value: number) => string;
  width?: number;
}

/** Horizontal bars, one group per row and one bar per series; a legend when there is more than one series. */
export function barChart(rows: BarRow[], options: BarOptions): string {
  if (rows.length === 0) return '<p class="empty">No data in this window.</p>';
  const { title, series = [''], format = (n: number) => String(n), width = 460 } = options;
  const [left, right, barH, gap] = [120, 64, series.length > 1 ? 12 : 18, 10];
  const legendH = series.length > 1 ? 24 : 4;
  const groupH = barH * series.length + gap;
  const height = legendH + rows.length * groupH + 4;
  const max = Math.max(...rows.flatMap((r) => r.values.map((v) => v ?? 0)), 0) || 1;
  const plotW = width - left - right;
  const body: string[] = [];

  if (series.length > 1) {
    series.forEach((name, i) => {
      const lx = left + i * 90;
      body.push(`<rect x="${lx}" y="4" width="12" height="12" rx="2" fill="${SERIES_COLOURS[i % SERIES_COLOURS.length]}"/>`);
      body.push(text(lx + 17, 14, name, 'fill="#333"'));
    });
  }
  rows.forEach((r, i) => {
    const gy = legendH + i * groupH;
    body.push(text(left - 8, gy + (barH * series.length) / 2 + 4, r.label, 'text-anchor="end" fill="#333"'));
    r.values.forEach((v, s) => {
      const by = gy + s * barH;
      const bw = v ? Math.max(2, (v / max) * plotW) : 0;
      const fill = r.colour && series.length === 1 ? r.colour : SERIES_COLOURS[s % SERIES_COLOURS.length];
      const tip = `${r.label}${series[s] ? ` (${series[s]})` : ''}: ${v === null ? 'no data' : format(v)}`;
      body.push(`<rect x="${left}" y="${by + 1}" width="${bw.toFixed(1)}" height="${barH - 2}" rx="2" fill="${fill}"><title>${escapeHtml(tip)}</title></rect>`);
      body.push(text(left + bw + 5, by + barH / 2 + 4, v === null ? '–' : format(v), 'fill="#555"'));
    });
  });
  body.push(`<line x1="${left}" x2="${left}" y1="${legendH - 2}" y2="${height - 2}" stroke="#aab"/>`);
  return svg(width, height, title, body);
}
