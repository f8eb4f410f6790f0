/**
 * Working time as a definition writes it: `20 working days`, `1 working day`, `4 working hours`.
 * Plain text with a number in front, so a designer writes the rule as people say it; the calendar
 * it counts on is the definition's `calendar`.
 */
export interface WorkingTime {
  amount: number;
  unit: 'day' | 'hour';
}

export const WORKING_TIME_PATTERN = /^(\d{1,4}) working (day|hour)s?$/;

export function parseWorkingTime(text: string): WorkingTime | undefined {
  const match = WORKING_TIME_PATTERN.exec(text);
  return match ? { amount: Number(match[1]), unit: match[2] as WorkingTime['unit'] } : undefined;
}

export const isWorkingTime = (text: string): boolean => WORKING_TIME_PATTERN.test(text);

export const formatWorkingTime = ({ amount, unit }: WorkingTime): string => `${amount} working ${unit}${amount === 1 ? '' : 's'}`;
