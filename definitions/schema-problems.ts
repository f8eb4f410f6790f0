/**
 * Format errors from a zod schema, rewritten for designers: each with the path it is at
 * (`risk.levels[1].when`) and a message saying what to do (`unknown property (did you mean 'rules'?)`).
 * Definitions and calendars both report through it.
 */
import { z } from 'zod';
import type { DefinitionProblem } from './definition-text';
import { didYouMean } from './suggest';

type Path = ReadonlyArray<PropertyKey>;
export const formatPath = (path: Path): string =>
  path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part)), '') ||
  '(document)';
const valueAt = (input: unknown, path: Path): unknown =>
  path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), input);
export const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const TYPE_NAMES: Record<string, string> = { array: 'a list', object: 'a mapping of names to values', string: 'text', number: 'a number', boolean: 'true or false' };
const typeName = (t: string) => TYPE_NAMES[t] ?? t;
const kindOf = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);

function schemaAt(root: z.ZodType, path: Path): z.ZodType | undefined {
  let schema: z.ZodType | undefined = root;
  for (const key of [...path, undefined]) {
    while (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional) schema = schema.unwrap() as z.ZodType;
    if (key === undefined || !schema) break;
    if (schema instanceof z.ZodObject) schema = (schema.shape as Record<string, z.ZodType>)[String(key)];
    else if (schema instanceof z.ZodArray) schema = schema.element as z.ZodType;
    else if (schema instanceof z.ZodRecord) schema = schema.valueType as z.ZodType;
    else return undefined;
  }
  return schema;
}

function keysAt(root: z.ZodType, path: Path): string[] {
  const schema = schemaAt(root, path);
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  if (schema instanceof z.ZodRecord && schema.keyType instanceof z.ZodEnum) return schema.keyType.options.map(String);
  if (schema instanceof z.ZodUnion) return (schema.options as z.ZodType[]).flatMap((o) => (o instanceof z.ZodObject ? Object.keys(o.shape) : []));
  return [];
}

function unknownKey(root: z.ZodType, path: Path, key: string): DefinitionProblem {
  const known = keysAt(root, path);
  const hint = didYouMean(key, known) || (known.length && known.length <= 12 ? `; use ${known.join(', ')}` : '');
  return { path: formatPath([...path, key]), message: `unknown property${hint}` };
}

function schemaProblem(root: z.ZodType, found: z.core.$ZodIssue, input: unknown, prefix: Path): DefinitionProblem[] {
  const at: Path = [...prefix, ...found.path];
  const value = valueAt(input, at);
  const one = (message: string) => [{ path: formatPath(at), message }];
  switch (found.code) {
    case 'unrecognized_keys':
      return found.keys.map((key) => unknownKey(root, at, key));
    case 'invalid_type':
      return one(value === undefined ? `is required (${typeName(found.expected)})` : `must be ${typeName(found.expected)}, not ${kindOf(value)}`);
    case 'invalid_value': {
      const options = found.values.map(String);
      if (options.length === 1) return one(`must be ${options[0]}`);
      return one(`must be one of ${options.join(', ')}${typeof value === 'string' ? didYouMean(value, options) : ''}`);
    }
    case 'too_small':
      if (found.origin === 'string') return one(found.minimum === 1 ? 'must not be empty' : `must be at least ${found.minimum} characters long`);
      if (found.origin === 'array') return one(`needs at least ${found.minimum} ${found.minimum === 1 ? 'entry' : 'entries'}`);
      return one(found.message);
    case 'invalid_format':
      return one(found.format === 'email' ? 'must be an e-mail address such as team@example.org' : found.message);
    case 'invalid_union': {
      // The option the value was meant for: its type fits, and its problems are inside the value.
      const fits = (i: z.core.$ZodIssue) => i.path.length > 0 || (i.code !== 'invalid_type' && i.code !== 'unrecognized_keys');
      const inner = found.errors.find((option) => option.length && option.every(fits));
      if (inner) return inner.flatMap((i) => schemaProblem(root, i, input, at));
      if (!isObject(value)) {
        const expected = [...new Set(found.errors.flatMap((o) => o.map((i) => (i.code === 'invalid_type' ? i.expected : ''))))].filter(Boolean);
        return one(`must be ${expected.map(typeName).join(' or ')}${expected.includes('object') ? ` with one of ${keysAt(root, at).join(', ')}` : ''}`);
      }
      const known = keysAt(root, at);
      const strange = Object.keys(value).filter((k) => !known.includes(k));
      if (strange.length) return strange.map((key) => unknownKey(root, at, key));
      return one(`name exactly one of ${known.join(', ')}`);
    }
    default:
      return one(found.message);
  }
}

/** Every format problem of a document under a schema. */
export function schemaProblems(root: z.ZodType, issues: readonly z.core.$ZodIssue[], input: unknown): DefinitionProblem[] {
  return issues.flatMap((found) => schemaProblem(root, found, input, []));
}

/** Problems found more than once (by the format and a semantic check) reported once. */
export function uniqueProblems(problems: DefinitionProblem[]): DefinitionProblem[] {
  const seen = new Set<string>();
  return problems.filter((e) => !seen.has(`${e.path}\0${e.message}`) && !!seen.add(`${e.path}\0${e.message}`));
}
