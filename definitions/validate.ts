/**
 * Validation of case definitions for the API, the loader and the command line. The zod schema
 * checks the format; the semantic checks below check what a format cannot: expressions against the
 * fields they see, consistent forms, deadlines, notification recipients and templates. Every problem
 * is reported at once, each with a path such as `risk.levels[1].when` and a message saying what to do.
 */
import { RISK_LEVELS } from '../common/phases';
import { durationMs, isDuration } from '../common/duration';
import { DefinitionSyntaxError, parseDefinitionText, type DefinitionProblem } from './definition-text';
import { definitionSchema, FIELD_TYPES, type Definition } from '../common/definition-schema';
import { checkExpression, formVariables, SCORE_VARIABLE, type Variables } from './expressions';
import { didYouMean } from './suggest';
import { patternValueLimit } from './forms';
import { LIMITS } from '../common/definition-limits';
import { formatPath, isObject, schemaProblems, uniqueProblems } from './schema-problems';
import { compileRegex } from './regex';
import { checkTemplate } from './templates';
import { workingTimeProblems } from './working-time-checks';

export type { DefinitionProblem };
export { formatPath };
export { DefinitionSyntaxError, parseDefinitionText };
export type ValidationResult = { ok: true; definition: Definition } | { ok: false; errors: DefinitionProblem[] };

/** CEL words that cannot name a field used in expressions. */
const RESERVED = new Set(
  'as break const continue else false for function if import in let loop namespace null package return true var void while'.split(' '),
);

export interface ValidationOptions {
  /** The keys of the calendars a definition may name in `calendar`; none when not given. */
  calendars?: readonly string[];
}

/** Parses and validates definition text; syntax errors come back as errors at `(document)`. */
export function validateDefinitionText(text: string, contentType?: 'yaml' | 'json', options: ValidationOptions = {}): ValidationResult {
  try {
    return validateDefinition(parseDefinitionText(text, contentType), options);
  } catch (error) {
    if (error instanceof DefinitionSyntaxError) return { ok: false, errors: error.errors };
    throw error;
  }
}

/** Checks a definition document; on success gives it with every default applied. */
export function validateDefinition(input: unknown, options: ValidationOptions = {}): ValidationResult {
  const parsed = definitionSchema.safeParse(input);
  const errors = parsed.success ? [] : schemaProblems(definitionSchema, parsed.error.issues, input);
  errors.push(...semanticProblems(input), ...workingTimeProblems(input, options.calendars ?? []));
  const unique = uniqueProblems(errors);
  if (unique.length || !parsed.success) return { ok: false, errors: unique };
  return { ok: true, definition: parsed.data };
}

// ---------------------------------------------------------------------------------------------
// Semantic checks. They read the document loosely so they run even when the format has errors.

const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const rec = (x: unknown): Record<string, unknown> => (isObject(x) ? x : {});
const text = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
const RANGED = ['number', 'integer', 'string', 'text'];

interface FormInfo {
  variables: Variables;
  enums: Record<string, string[]>;
  types: Record<string, string>;
}

function checkForm(name: string, fields: unknown, problems: DefinitionProblem[]): FormInfo {
  const info: FormInfo = { variables: {}, enums: {}, types: {} };
  const first = new Map<string, number>();
  let patternWork = 0;
  list(fields).slice(0, LIMITS.fieldsPerForm).forEach((raw, i) => {
    const field = rec(raw);
    const at = `forms.${name}[${i}]`;
    const fieldName = text(field.name);
    const type = text(field.type) ?? '';
    if (fieldName !== undefined) {
      if (first.has(fieldName)) problems.push({ path: `${at}.name`, message: `duplicate field name '${fieldName}' (also forms.${name}[${first.get(fieldName)}])` });
      else first.set(fieldName, i);
      if (RESERVED.has(fieldName)) problems.push({ path: `${at}.name`, message: `'${fieldName}' is a reserved word in expressions; choose another name` });
      info.variables[fieldName] = formVariables([{ name: fieldName, type: type as 'string' }])[fieldName];
      info.types[fieldName] = type;
    }
    const values = list(field.values).slice(0, LIMITS.enumValues).filter((v): v is string => typeof v === 'string');
    if (type === 'enum' && field.values === undefined) problems.push({ path: `${at}.values`, message: 'an enum field needs values, e.g. values: [low, medium, high]' });
    if (type && type !== 'enum' && field.values !== undefined) problems.push({ path: `${at}.values`, message: `only enum fields take values; remove values or use type: enum` });
    const seen = new Set<string>();
    values.forEach((v, j) => (seen.has(v) ? problems.push({ path: `${at}.values[${j}]`, message: `duplicate value '${v}'` }) : seen.add(v)));
    if (type === 'enum' && fieldName) info.enums[fieldName] = values;
    for (const bound of ['min', 'max'] as const) {
      if (field[bound] !== undefined && type && !RANGED.includes(type)) problems.push({ path: `${at}.${bound}`, message: `${bound} applies only to number, integer, string and text fields` });
    }
    if (typeof field.min === 'number' && typeof field.max === 'number' && field.min > field.max) {
      problems.push({ path: `${at}.max`, message: `max (${field.max}) must not be less than min (${field.min})` });
    }
    if (typeof field.pattern === 'string') {
      if (type && type !== 'string' && type !== 'text') problems.push({ path: `${at}.pattern`, message: 'pattern applies only to string and text fields' });
      else patternWork = checkPattern(at, field, field.pattern, patternWork, problems);
    }
  });
  return info;
}

/**
 * A field's pattern must be one RE2 reads, and checking a form's values against their patterns must
 * stay within LIMITS.patternWorkPerForm: the pattern's size times the longest value it is checked on.
 * Gives the form's work so far.
 */
function checkPattern(at: string, field: Record<string, unknown>, pattern: string, workSoFar: number, problems: DefinitionProblem[]): number {
  const compiled = compileRegex(pattern);
  if (!compiled.ok) {
    problems.push({ path: `${at}.pattern`, message: compiled.message });
    return workSoFar;
  }
  const longest = patternValueLimit({ max: typeof field.max === 'number' ? field.max : undefined });
  const work = workSoFar + compiled.regex.size * longest;
  if (work > LIMITS.patternWorkPerForm) {
    const within = Math.floor(Math.max(0, LIMITS.patternWorkPerForm - workSoFar) / compiled.regex.size);
    problems.push({
      path: `${at}.pattern`,
      message:
        `checking values of up to ${longest} characters against this pattern (size ${compiled.regex.size}) is more work than this form's patterns may take together; ` +
        `give the field a max of at most ${within}, or simpler patterns`,
    });
    return workSoFar;
  }
  return work;
}

function semanticProblems(input: unknown): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const doc = rec(input);
  const forms = rec(doc.forms);
  const info: Record<string, FormInfo> = {};
  for (const name of ['intake', 'assessment', 'evaluation', 'transition', 'contact']) info[name] = checkForm(name, forms[name], problems);
  const { intake, assessment } = info;
  for (const form of ['intake', 'assessment'] as const) {
    list(forms[form]).forEach((f, i) => {
      if (rec(f).name === SCORE_VARIABLE) problems.push({ path: `forms.${form}[${i}].name`, message: `'${SCORE_VARIABLE}' is reserved for the risk score; choose another name` });
    });
  }

  const enums = { ...intake.enums, ...assessment.enums };
  /** Checks one expression; gives the steps it may take at worst. */
  const expression = (path: string, expr: unknown, variables: Variables, expect: 'bool' | 'number' = 'bool'): number => {
    if (typeof expr !== 'string' || !expr.trim()) return 0;
    const result = checkExpression(expr, variables, { expect, enums });
    if (!result.ok) problems.push({ path, message: result.message });
    return result.ok ? result.steps : 0;
  };
  /** The expressions of one screening, or of one risk stratification, share one budget. */
  const withinPass = (path: string, what: string, steps: number) => {
    if (steps > LIMITS.passSteps) {
      problems.push({ path, message: `${what} may take up to ${steps} steps together at worst; at most ${LIMITS.passSteps} are allowed` });
    }
  };
  const riskVariables = { ...intake.variables, ...assessment.variables };
  const screeningRules = list(rec(doc.screening).rules).slice(0, LIMITS.screeningRules);
  const screeningSteps = screeningRules.reduce<number>((sum, r, i) => sum + expression(`screening.rules[${i}].when`, rec(r).when, intake.variables), 0);
  withinPass('screening.rules', 'the screening rules', screeningSteps);
  const risk = rec(doc.risk);
  let riskSteps = 0;
  list(risk.factors).slice(0, LIMITS.riskFactors).forEach((f, i) => {
    riskSteps += expression(`risk.factors[${i}].when`, rec(f).when, riskVariables);
    riskSteps += expression(`risk.factors[${i}].points`, rec(f).points, riskVariables, 'number');
  });
  const levels = list(risk.levels);
  levels.slice(0, LIMITS.riskLevels).forEach((l, i) => {
    riskSteps += expression(`risk.levels[${i}].when`, rec(l).when, { ...riskVariables, [SCORE_VARIABLE]: 'double' });
  });
  withinPass('risk', 'the risk factors and level rules', riskSteps);
  const given = new Set(levels.map((l) => rec(l).level));
  const missing = RISK_LEVELS.filter((level) => !given.has(level));
  if (levels.length && missing.length) {
    problems.push({ path: 'risk.levels', message: `no rule gives level ${missing.join(' or ')}; every level low, moderate and high needs a rule` });
  }

  const transitionOn = rec(doc.transition).enabled === true;
  if (rec(doc.contact).enabled === true && !transitionOn) {
    problems.push({ path: 'contact.enabled', message: 'post-transition contact needs transition.enabled: true' });
  }
  const phaseOff = (phase: unknown) =>
    (phase === 'transition' && !transitionOn) || (phase === 'contact' && rec(doc.contact).enabled !== true);
  const deadlines = rec(doc.deadlines);
  for (const [phase, raw] of Object.entries(deadlines)) {
    const d = rec(raw);
    if (phaseOff(phase)) problems.push({ path: `deadlines.${phase}`, message: `the ${phase} phase is not enabled, so this deadline never applies` });
    const within = text(d.within);
    const before = text(d.remind_before);
    if (within && before && isDuration(within) && isDuration(before) && durationMs(before) >= durationMs(within)) {
      problems.push({ path: `deadlines.${phase}.remind_before`, message: `must be shorter than within (${within})` });
    }
  }

  list(doc.notifications).slice(0, LIMITS.notifications).forEach((raw, i) => {
    const n = rec(raw);
    const at = `notifications[${i}]`;
    const on = text(n.on) ?? '';
    if (n.phase !== undefined) {
      if (!['phase_entered', 'deadline_near', 'deadline_passed'].includes(on)) {
        problems.push({ path: `${at}.phase`, message: 'phase applies only to phase_entered, deadline_near and deadline_passed' });
      } else if (phaseOff(n.phase)) {
        problems.push({ path: `${at}.phase`, message: `the ${String(n.phase)} phase is not enabled, so this never happens` });
      } else if (on !== 'phase_entered' && typeof n.phase === 'string' && !(n.phase in deadlines)) {
        problems.push({ path: `${at}.phase`, message: `no deadline is set for the ${n.phase} phase (see deadlines)` });
      }
    }
    list(n.to).forEach((r, j) => {
      const field = text(rec(r).field);
      if (field === undefined) return;
      if (!(field in intake.types)) problems.push({ path: `${at}.to[${j}].field`, message: `'${field}' is not an intake field${didYouMean(field, Object.keys(intake.types))}` });
      else if (FIELD_TYPES.includes(intake.types[field] as 'string') && intake.types[field] !== 'string') {
        const type = intake.types[field];
        problems.push({ path: `${at}.to[${j}].field`, message: `'${field}' is a${/^[aeiou]/.test(type) ? 'n' : ''} ${type} field; an address field must be a string field` });
      }
    });
    for (const part of ['subject', 'body'] as const) {
      const template = text(n[part]);
      if (template) problems.push(...checkTemplate(template, `${at}.${part}`, on, Object.keys(intake.types)));
    }
  });
  const identifier = text(rec(doc.personal_data).identifier);
  if (identifier !== undefined && !(identifier in intake.types)) {
    problems.push({ path: 'personal_data.identifier', message: `'${identifier}' is not an intake field${didYouMean(identifier, Object.keys(intake.types))}` });
  }
  const phase = text(rec(doc.reopen).phase);
  if (phase !== undefined && phaseOff(phase)) problems.push({ path: 'reopen.phase', message: `the ${phase} phase is not enabled, so a case cannot resume there` });
  return problems;
}
