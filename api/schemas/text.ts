/**
 * What text the API takes. Free text is plain text: it reaches e-mails, HTML reports and other
 * people's screens, so control characters, markup tags and template markers are refused at the
 * door rather than trusted to every later escape. Names and ids follow strict patterns.
 */
import { z } from 'zod';

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;
const MARKUP = /<\s*\/?\s*[a-z!?]/i;
const TEMPLATE = /\{\{|\}\}|\$\{|<%|%>/;

/** Why a text is not plain text, or undefined when it is. */
export function plainTextProblem(value: string): string | undefined {
  if (CONTROL.test(value)) return 'must not contain control characters';
  if (MARKUP.test(value)) return 'must be plain text, without markup such as <tags>';
  if (TEMPLATE.test(value)) return 'must not contain template markers such as {{ }}';
  return undefined;
}

/**
 * The rules above as the OpenAPI document's pattern: no markup tag or template marker anywhere,
 * something besides white space, and no control character. Control characters are left out of
 * the characters the pattern is built of rather than looked ahead for, so a generator builds
 * strings of any length from it instead of filtering nearly all of them away.
 */
const CONTROL_CLASS = CONTROL.source.slice(1, -1);
const MARKUP_ANY_CASE = MARKUP.source.replace('[a-z!?]', '[a-zA-Z!?]');
export const PLAIN_TEXT_PATTERN = `^(?![\\s\\S]*(?:${MARKUP_ANY_CASE}|${TEMPLATE.source}))[^${CONTROL_CLASS}]*[^\\s${CONTROL_CLASS}][^${CONTROL_CLASS}]*$`;

export const plainText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((v) => !CONTROL.test(v), 'must not contain control characters')
    .refine((v) => !MARKUP.test(v), 'must be plain text, without markup such as <tags>')
    .refine((v) => !TEMPLATE.test(v), 'must not contain template markers such as {{ }}')
    .meta({ pattern: PLAIN_TEXT_PATTERN });

/** A person: a user id or an e-mail address. */
export const person = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$/, 'is not a user id or e-mail address (letters, digits and . _ @ + -)');

export const team = z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'is not a team name (letters, digits and . _ -)');

export const definitionKey = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'is not a definition key');

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_DEPTH = 4;
const MAX_ITEMS = 200;
const MAX_STRING = 10_000;

function checkValue(value: unknown, path: (string | number)[], ctx: z.RefinementCtx, depth: number): void {
  if (typeof value === 'string') {
    const problem = value.length > MAX_STRING ? `must be at most ${MAX_STRING} characters` : plainTextProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', path, message: problem });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth >= MAX_DEPTH) {
    ctx.addIssue({ code: 'custom', path, message: `nests deeper than ${MAX_DEPTH} levels` });
    return;
  }
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  if (entries.length > MAX_ITEMS) {
    ctx.addIssue({ code: 'custom', path, message: `has more than ${MAX_ITEMS} items` });
    return;
  }
  for (const [key, item] of entries) {
    if (typeof key === 'string' && !FIELD_NAME.test(key)) {
      ctx.addIssue({ code: 'custom', path, message: 'has a field name that is not one: use letters, digits and _' });
      continue;
    }
    checkValue(item, [...path, key], ctx, depth + 1);
  }
}

/** Strings trimmed at every depth: a leading space is no part of a value, and would hide a formula from a CSV guard. */
function trimmed(value: unknown): unknown {
  if (typeof value === 'string') return value.trim();
  if (Array.isArray(value)) return value.map(trimmed);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trimmed(v)]));
  return value;
}

/** Form data: values are checked by the definition's form; here only that its text is plain, and trimmed. */
export const formData = z
  .record(z.string(), z.unknown())
  .superRefine((data, ctx) => checkValue(data, [], ctx, 0))
  .transform((data) => trimmed(data) as Record<string, unknown>)
  // The document states the field-name rule the refinement applies (its message names the field).
  .meta({ propertyNames: { pattern: FIELD_NAME.source } });
