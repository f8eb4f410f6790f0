/**
 * Urgency: one number that lists of cases sort by, highest first, from the time left to the case's
 * next deadline and its risk level:
 *
 *   urgency = 10 × time + 5 × risk
 *
 *   time  0  no deadline running (none set, on hold, closed), or more than 7 days left
 *         1  7 days or less left      2  3 days or less      3  1 day or less
 *         4  4 hours or less          5  the deadline has passed
 *   risk  0  low, or not assessed yet     1  moderate     2  high
 *
 * So a high-risk case ranks with a low-risk one a band closer to its deadline, and the number runs
 * from 0 to 60. Time left is elapsed time, not working time, so the instants where the number
 * changes are fixed once the deadline is: a case stores its urgency and updates it when the next
 * of those instants passes (nextUrgencyChange), with no clock in SQL.
 */
import type { RiskLevel } from './phases';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Time left at or under which each band begins, the closest last. */
const BANDS: ReadonlyArray<{ left: number; time: number }> = [
  { left: 7 * DAY, time: 1 },
  { left: 3 * DAY, time: 2 },
  { left: DAY, time: 3 },
  { left: 4 * HOUR, time: 4 },
  { left: 0, time: 5 },
];
const RISK_POINTS: Record<RiskLevel, number> = { low: 0, moderate: 1, high: 2 };

export interface UrgencyInput {
  /** ISO 8601 instants; no `dueAt` when no deadline is running. */
  now: string;
  dueAt?: string;
  risk?: RiskLevel;
}

export function timeBand(now: string, dueAt: string | undefined): number {
  if (dueAt === undefined) return 0;
  const left = Date.parse(dueAt) - Date.parse(now);
  let time = 0;
  for (const band of BANDS) if (left <= band.left) time = band.time;
  return time;
}

export function urgency({ now, dueAt, risk }: UrgencyInput): number {
  return 10 * timeBand(now, dueAt) + 5 * (risk ? RISK_POINTS[risk] : 0);
}

/** The instants at which a deadline's urgency changes, earliest first: 7, 3 and 1 days, 4 hours, and 0 before it. */
export function urgencyThresholds(dueAt: string): string[] {
  const due = Date.parse(dueAt);
  return BANDS.map((b) => new Date(due - b.left).toISOString());
}

/** The next instant after `now` at which the urgency changes, or undefined when it no longer will. */
export function nextUrgencyChange(now: string, dueAt: string | undefined): string | undefined {
  if (dueAt === undefined) return undefined;
  const at = Date.parse(now);
  return urgencyThresholds(dueAt).find((t) => Date.parse(t) > at);
}
