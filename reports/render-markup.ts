/** Small pieces the HTML and SVG renderers share: escaping, number and time formats, colours. */
import type { Phase } from '../common/phases';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every string from a case goes through this before it enters markup, in text and attributes alike. */
export const escapeHtml = (value: unknown): string => String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);

export function formatNumber(value: number | null | undefined, places = 2): string {
  if (value === null || value === undefined) return '–';
  return value.toLocaleString('en-GB', { maximumFractionDigits: places });
}

/** Hours under two days read as hours, longer spans as days. */
export function formatHours(hours: number | null | undefined): string {
  if (hours === null || hours === undefined) return '–';
  return hours < 48 ? `${formatNumber(hours, 1)} h` : `${formatNumber(hours / 24, 1)} d`;
}

export const formatPercent = (share: number | null | undefined): string =>
  share === null || share === undefined ? '–' : `${formatNumber(share * 100, 1)}%`;

/** `2024-03-05 14:20` in UTC: the trail records UTC, and a report reads the same wherever it is opened. */
export const formatTime = (iso: string | undefined): string => (iso ? iso.slice(0, 16).replace('T', ' ') : '–');

export const humanize = (name: string): string => name.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

export const PHASE_COLOURS: Record<Phase, string> = {
  screening: '#6b7fd7',
  assessment: '#3b9ab2',
  planning: '#4fb286',
  approval: '#9bc53d',
  implementation: '#e9b44c',
  follow_up: '#e4804e',
  transition: '#c8553d',
  contact: '#a05195',
  evaluation: '#665191',
  closed: '#8a8a8a',
};

export const SERIES_COLOURS = ['#3b6ea5', '#e4804e', '#4fb286', '#a05195', '#c8553d', '#9bc53d'];
