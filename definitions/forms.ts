/**
 * Checking data entered on a form against the form's fields. Runs in the workflow sandbox as well
 * as in the API, so it uses no Node APIs and imports only types.
 *
 * Data is an object with one entry per field name. A field without a value (absent or null) is fine
 * unless it is required. Types: string/text/enum/date are JSON strings, number/integer JSON numbers,
 * boolean true or false. A date is `YYYY-MM-DD` or a full ISO 8601 timestamp with a time zone
 * (`2024-05-31T14:30:00Z`, `2024-05-31T14:30+02:00`). `min`/`max` bound the value of numbers and the
 * length of strings and texts; `pattern` is a regular expression (RE2 syntax, matched in linear
 * time) that must match somewhere in a string or text (anchor it with ^ and $ to match the whole
 * value). A pattern is checked only on a value of at most `max` characters, or
 * LIMITS.patternValueLength when the field has no max, and a form's checks together do at most
 * LIMITS.patternWorkPerForm of work: a longer value is refused rather than checked.
 */
import type { Field } from '../common/definition-schema';
import { LIMITS } from '../common/definition-limits';
import { compileRegex } from './regex';

/** A field as forms read it; `required` may be left out when checking a definition not yet parsed. */
export type FormField = Omit<Field, 'required'> & { required?: boolean };
export interface FormError {
  /** The field the message is about; `(form)` when the data as a whole is wrong. */
  field: string;
  message: string;
}
export type FormData = Record<string, unknown>;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/i;

function isCalendarDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= days[month - 1];
}

/** Whether text is an ISO date (`YYYY-MM-DD`) or a full ISO 8601 timestamp with a time zone. */
export function isIsoDate(text: string): boolean {
  const date = DATE.exec(text);
  if (date) return isCalendarDay(Number(date[1]), Number(date[2]), Number(date[3]));
  const stamp = TIMESTAMP.exec(text);
  if (!stamp) return false;
  const [, y, mo, d, h, mi, s, zh, zm] = stamp.map((part) => (part === undefined ? 0 : Number(part)));
  return isCalendarDay(y, mo, d) && h < 24 && mi < 60 && s < 60 && zh < 24 && zm < 60;
}

/** The longest value a field's pattern is checked on. */
export const patternValueLimit = (field: Pick<FormField, 'max'>): number => field.max ?? LIMITS.patternValueLength;

const isObject = (value: unknown): value is FormData =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const length = (text: string) => [...text].length;
const chars = (n: number) => `${n} character${n === 1 ? '' : 's'}`;

function typeProblem(field: FormField, value: unknown): string | undefined {
  switch (field.type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
    case 'integer':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a whole number';
      return Number.isInteger(value) ? undefined : `must be a whole number, not ${value}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'date':
      return typeof value === 'string' && isIsoDate(value)
        ? undefined
        : 'must be a date such as 2024-05-31 or a time such as 2024-05-31T14:30:00Z';
    case 'enum':
      return typeof value === 'string' && (!field.values || field.values.includes(value))
        ? undefined
        : `must be one of ${(field.values ?? []).join(', ')}`;
    default:
      return typeof value === 'string' ? undefined : 'must be text';
  }
}

/** The pattern work a form check has done so far, against LIMITS.patternWorkPerForm. */
interface PatternWork {
  done: number;
}

function patternProblem(field: FormField, pattern: string, value: string, n: number, work: PatternWork): string | undefined {
  if (n > patternValueLimit(field)) {
    // Over max, the max problem says it; without max, this is the only problem to say.
    return field.max === undefined ? `must be at most ${chars(LIMITS.patternValueLength)} long to be checked against its format` : undefined;
  }
  const compiled = compileRegex(pattern);
  // A stored pattern that RE2 cannot read (published before patterns were checked with it) is not applied.
  if (!compiled.ok) return undefined;
  const cost = n * compiled.regex.size;
  if (work.done + cost > LIMITS.patternWorkPerForm) return 'is too long to be checked against its format along with the other fields';
  work.done += cost;
  if (compiled.regex.test(value)) return undefined;
  return `does not have the expected format${field.help ? ` (${field.help})` : `: ${pattern}`}`;
}

function constraintProblems(field: FormField, value: unknown, work: PatternWork): string[] {
  const problems: string[] = [];
  if (typeof value === 'number') {
    if (field.min !== undefined && value < field.min) problems.push(`must be at least ${field.min}`);
    if (field.max !== undefined && value > field.max) problems.push(`must be at most ${field.max}`);
  } else if (typeof value === 'string' && (field.type === 'string' || field.type === 'text')) {
    const n = length(value);
    if (field.min !== undefined && n < field.min) problems.push(`must be at least ${chars(field.min)} long`);
    if (field.max !== undefined && n > field.max) problems.push(`must be at most ${chars(field.max)} long`);
    const problem = field.pattern === undefined ? undefined : patternProblem(field, field.pattern, value, n, work);
    if (problem) problems.push(problem);
  }
  return problems;
}

/**
 * Every problem with form data, one entry per problem, in the order of the form's fields; entries
 * the form does not have come last. An empty list means the data is valid.
 */
export function validateForm(fields: ReadonlyArray<FormField>, data: unknown): FormError[] {
  if (!isObject(data)) return [{ field: '(form)', message: 'must be an object with one entry per field' }];
  const errors: FormError[] = [];
  const work: PatternWork = { done: 0 };
  for (const field of fields) {
    const value = data[field.name];
    if (value === undefined || value === null) {
      if (field.required) errors.push({ field: field.name, message: 'is required' });
      continue;
    }
    const problem = typeProblem(field, value);
    const problems = problem ? [problem] : constraintProblems(field, value, work);
    for (const message of problems) errors.push({ field: field.name, message });
  }
  const known = new Set(fields.map((f) => f.name));
  for (const name of Object.keys(data)) {
    if (!known.has(name)) errors.push({ field: name, message: 'is not a field of this form' });
  }
  return errors;
}

/**
 * Data as a web form posts it, made ready for validateForm: blank values are dropped, strings,
 * dates and enum values are trimmed, numbers and booleans written as text are converted. Entries the
 * form does not have are kept, so that validateForm reports them. The input is not changed.
 */
export function normalizeForm(fields: ReadonlyArray<FormField>, data: FormData): FormData {
  const result: FormData = { ...data };
  for (const field of fields) {
    let value = data[field.name];
    if (typeof value === 'string' && field.type !== 'text') value = value.trim();
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      delete result[field.name];
      continue;
    }
    if ((field.type === 'number' || field.type === 'integer') && typeof value === 'string') {
      const n = Number(value);
      if (Number.isFinite(n)) value = n;
    } else if (field.type === 'boolean' && typeof value === 'string') {
      if (/^(true|yes)$/i.test(value)) value = true;
      else if (/^(false|no)$/i.test(value)) value = false;
    }
    result[field.name] = value;
  }
  return result;
}
