/**
 * The HTML page both reports share: one self-contained file with inline CSS and inline SVG, no
 * scripts and no external assets, so it can be mailed, archived or opened offline as it is.
 */
import { escapeHtml } from './render-markup';

/** Markup this module's callers built themselves; anything else handed to a table is escaped. */
export interface Trusted {
  html: string;
}
export const trusted = (html: string): Trusted => ({ html });
export type CellContent = string | number | null | undefined | Trusted;

const cell = (c: CellContent): string =>
  typeof c === 'object' && c !== null ? c.html : c === null || c === undefined ? '–' : escapeHtml(c);

export function table(headers: string[], rows: CellContent[][], numeric: number[] = []): string {
  if (rows.length === 0) return '<p class="empty">None recorded.</p>';
  const cls = (i: number) => (numeric.includes(i) ? ' class="num"' : '');
  const head = headers.map((h, i) => `<th${cls(i)}>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${cell(c)}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

export interface Card {
  label: string;
  value: string;
  hint?: string;
  tone?: 'good' | 'bad';
}

export function cards(items: Card[]): string {
  const one = (c: Card) =>
    `<div class="card${c.tone ? ` ${c.tone}` : ''}"><div class="label">${escapeHtml(c.label)}</div>` +
    `<div class="value">${escapeHtml(c.value)}</div>${c.hint ? `<div class="hint">${escapeHtml(c.hint)}</div>` : ''}</div>`;
  return `<div class="cards">${items.map(one).join('')}</div>`;
}

export const section = (title: string, content: string, cls = '') =>
  `<section${cls ? ` class="${cls}"` : ''}><h2>${escapeHtml(title)}</h2>${content}</section>`;

export const badge = (text: string, kind = '') => `<span class="badge ${escapeHtml(kind)}">${escapeHtml(text)}</span>`;

/** A share as a small bar beside its percentage, for table cells. */
export const shareBar = (share: number, colour: string, label: string) =>
  trusted(`<span class="share"><span style="width:${Math.round(Math.min(1, Math.max(0, share)) * 100)}%;background:${colour}"></span></span> ${escapeHtml(label)}`);

export const swatch = (colour: string, label: string) => trusted(`<span class="swatch" style="background:${colour}"></span>${escapeHtml(label)}`);

const CSS = `
*{box-sizing:border-box}
body{margin:0;background:#eef0f4;color:#1d2330;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:1040px;margin:24px auto;padding:0 16px}
header{background:#1f2a44;color:#fff;border-radius:10px;padding:20px 24px;margin-bottom:16px}
header h1{margin:0 0 6px;font-size:22px;font-weight:600;overflow-wrap:break-word}
header .meta{color:#c6cde0;font-size:13px}
header .meta span+span:before{content:"·";margin:0 8px;color:#7d88a6}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;background:#e3e7f0;color:#1d2330;font-size:12px;margin-right:6px}
header .badge{background:#34416a;color:#fff}
.badge.good{background:#d6f0df;color:#145c2c}.badge.bad{background:#f8d9d6;color:#8a1c12}.badge.wait{background:#fbeccb;color:#7a5000}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:12px;margin-bottom:16px}
.card{background:#fff;border-radius:10px;padding:12px 14px;border-top:3px solid #3b6ea5}
.card.good{border-top-color:#2e9e5b}.card.bad{border-top-color:#d0453a}
.card .label{color:#5b6478;font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.card .value{font-size:22px;font-weight:600;margin-top:2px}
.card .hint{color:#5b6478;font-size:12px}
section{background:#fff;border-radius:10px;padding:16px 20px;margin-bottom:16px}
section h2{margin:0 0 12px;font-size:16px;font-weight:600}
section h3{margin:16px 0 8px;font-size:14px;font-weight:600}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(440px,1fr));gap:16px}
.grid section{margin-bottom:0}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e6e8ee;vertical-align:top;overflow-wrap:break-word}
td .badge,td.num{white-space:nowrap}
th{color:#5b6478;font-weight:600;font-size:12px;text-transform:uppercase;letter-spacing:.03em}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.share{display:inline-block;width:90px;height:8px;background:#e6e8ee;border-radius:4px;vertical-align:middle;margin-right:6px}
.share span{display:block;height:8px;border-radius:4px}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:8px;vertical-align:middle}
ul{margin:0;padding-left:20px}
.empty{color:#7a8397;margin:0}
footer{color:#7a8397;font-size:12px;text-align:center;margin:8px 0 32px}
@media print{body{background:#fff}section,.card{border:1px solid #ddd}}
`;

export function page(title: string, header: string, body: string, footer: string): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${CSS}</style></head>`,
    `<body><main><header>${header}</header>${body}<footer>${footer}</footer></main></body></html>`,
  ].join('\n');
}
