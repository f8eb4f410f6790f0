/**
 * Expressions in case definitions: CEL (https://cel.dev) evaluated by @marcbachmann/cel-js.
 *
 * This module runs inside the Temporal workflow sandbox, so it imports nothing but cel-js and
 * ../common, uses no Node APIs and gives the same answer for the same input every time.
 *
 * Variables and types:
 * - number and integer fields are CEL `double` (values become JS numbers); string, text, date and
 *   enum fields are `string` (dates as written, `YYYY-MM-DD` compares correctly as text); boolean
 *   fields are `bool`.
 * - Numbers mix freely: besides CEL's own rules, `double` and `int` combine with + - * / and compare
 *   with == and !=, so `severity * 2 + 1` and `score == 10` work although `2`, `1` and `10` are
 *   CEL ints. Two ints still give an int (`7 / 2` is 3); results are handed back as JS numbers.
 * - An optional field that has no value reads as 0, "" or false by its type, so `prior_claims > 2`
 *   simply does not hold when nothing was entered. A required field without a value, or a value of
 *   the wrong type, is left undefined: an expression that reads it fails at evaluation time.
 * - An expression that fails at evaluation time never stops a case: it counts as not holding and
 *   the failure is recorded with the result. So does one that takes more steps than its budget
 *   (expression-budget.ts), which bounds the time a case's workflow task can spend on its rules.
 * - `matches()` is RE2's, in linear time (regex.ts), not the library's JavaScript RegExp.
 */
import { Environment } from '@marcbachmann/cel-js';
import type { Definition, Field } from '../common/definition-schema';
import type { RiskLevel } from '../common/phases';
import { forEachNode, unknownNames, type AstNode } from './expression-ast';
import { LINEAR_MATCHES, linearMatches, Meter, metered, meterEnvironment } from './expression-budget';
import { costOf } from './expression-cost';
import { LIMITS } from '../common/definition-limits';
import { didYouMean } from './suggest';

export type CelType = 'double' | 'string' | 'bool' | 'dyn';
/** Names an expression may read, with their CEL types. */
export type Variables = Record<string, CelType>;

const CEL_TYPES: Record<string, CelType> = { number: 'double', integer: 'double', boolean: 'bool' };
for (const type of ['string', 'text', 'date', 'enum']) CEL_TYPES[type] = 'string';
const DEFAULTS: Record<CelType, unknown> = { double: 0, string: '', bool: false, dyn: null };

/** The CEL type of a field type; `dyn` for a type this module does not know. */
export function celType(fieldType: string): CelType {
  return CEL_TYPES[fieldType] ?? 'dyn';
}

/** Variables of the fields of some forms; a later form wins on a name clash. */
export function formVariables(...forms: ReadonlyArray<ReadonlyArray<Pick<Field, 'name' | 'type'>>>): Variables {
  const variables: Variables = {};
  for (const form of forms) for (const field of form) variables[field.name] = celType(field.type);
  return variables;
}

/** The variable `score` that risk level rules see besides the assessment and intake fields. */
export const SCORE_VARIABLE = 'score';

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number));
let base: Environment | undefined;

function baseEnvironment(): Environment {
  if (base) return base;
  const env = new Environment();
  type Arithmetic = (a: number, b: number) => number;
  const add: Arithmetic = (a, b) => a + b;
  const subtract: Arithmetic = (a, b) => a - b;
  const multiply: Arithmetic = (a, b) => a * b;
  const divide: Arithmetic = (a, b) => a / b;
  for (const [op, fn] of [['+', add], ['-', subtract], ['*', multiply], ['/', divide]] as const) {
    env.registerOperator(`double ${op} int: double`, (a: unknown, b: unknown) => fn(num(a), num(b)));
    env.registerOperator(`int ${op} double: double`, (a: unknown, b: unknown) => fn(num(a), num(b)));
  }
  // Registering == also gives !=, and both orders of the operands.
  env.registerOperator('double == int', (a: unknown, b: unknown) => num(a) === num(b));
  // Under another name, as the library's own matches() cannot be replaced; evaluation renames calls.
  env.registerFunction(`string.${LINEAR_MATCHES}(string): bool`, (text: string, pattern: string) => linearMatches(text, pattern));
  base = env;
  return env;
}

const environments = new Map<string, Environment>();

/**
 * A CEL environment that knows the given variables and the mixed int/double arithmetic. Environments
 * are cached by their variables, which is safe to share: they hold no per-case state.
 */
export function compileEnvironment(variables: Variables): Environment {
  const key = JSON.stringify(Object.entries(variables).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  let env = environments.get(key);
  if (!env) {
    env = baseEnvironment().clone();
    for (const [name, type] of Object.entries(variables)) env.registerVariable(name, type);
    meterEnvironment(env);
    if (environments.size >= 100) environments.delete(environments.keys().next().value as string);
    environments.set(key, env);
  }
  return env;
}

interface CelError {
  code?: string;
  summary?: string;
  message?: string;
  range?: { start: number };
}

function where(expr: string, error: CelError): string {
  const at = error.range?.start;
  if (at === undefined) return '';
  const lines = expr.slice(0, at).split('\n');
  const column = lines[lines.length - 1].length + 1;
  return lines.length > 1 ? ` at line ${lines.length}, column ${column}` : ` at column ${column}`;
}

function describe(expr: string, error: CelError, withPlace = true): string {
  const summary = error.summary ?? error.message ?? String(error);
  const unknown = /^Unknown variable: (\S+)/.exec(summary);
  if (unknown) return `no value for '${unknown[1]}'`;
  if (error.code === 'division_by_zero') return 'division by zero';
  const text = summary
    .replace(/^Unexpected token: EOF$/, 'unexpected end of expression')
    .replace(/\bEOF\b/g, 'end of expression')
    .replace(/^no such overload: (.*)$/, "cannot apply '$1'");
  return `${text.charAt(0).toLowerCase()}${text.slice(1)}${withPlace ? where(expr, error) : ''}`;
}

export interface CheckOptions {
  /** What the expression must give: a condition (`bool`, the default) or points (`number`). */
  expect?: 'bool' | 'number';
  /** Allowed values of enum fields, to catch comparisons with a value that does not exist. */
  enums?: Record<string, readonly string[]>;
}
/** `steps`: what the expression may take at worst (expression-cost.ts). */
export type CheckResult = { ok: true; type: string; steps: number } | { ok: false; message: string };

type Node = { op: string; args: unknown };
const isNode = (x: unknown): x is Node => typeof x === 'object' && x !== null && 'op' in x && 'args' in x;

/** Comparisons of an enum field with text that is not one of its values. */
function enumProblems(ast: Node, enums: Record<string, readonly string[]>): string[] {
  const problems: string[] = [];
  const literal = (field: string, n: unknown) => {
    if (!isNode(n) || n.op !== 'value' || typeof n.args !== 'string' || enums[field].includes(n.args)) return;
    const hint = didYouMean(n.args, enums[field]) || ` (values: ${enums[field].join(', ')})`;
    problems.push(`'${n.args}' is not a value of ${field}${hint}`);
  };
  const enumId = (n: unknown): string | undefined =>
    isNode(n) && n.op === 'id' && typeof n.args === 'string' && n.args in enums ? n.args : undefined;
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(visit);
    if (!isNode(n)) return;
    if ((n.op === '==' || n.op === '!=' || n.op === 'in') && Array.isArray(n.args)) {
      const [left, right] = n.args as unknown[];
      const [l, r] = [enumId(left), enumId(right)];
      if (n.op === 'in') {
        if (l && isNode(right) && right.op === 'list') (right.args as unknown[]).forEach((x) => literal(l, x));
      } else {
        if (l) literal(l, right);
        if (r) literal(r, left);
      }
    }
    if (Array.isArray(n.args)) visit(n.args);
  };
  visit(ast);
  return problems;
}

/**
 * Whether an expression parses and type-checks against the variables, and gives a condition or a
 * number as asked, within the bounds on its cost (expression-cost.ts). Unknown names are reported,
 * each with a suggestion when one is close, up to LIMITS.unknownNamesPerExpression of them.
 */
export function checkExpression(expr: string, variables: Variables, options: CheckOptions = {}): CheckResult {
  if (expr.length > LIMITS.expressionLength) {
    return { ok: false, message: `may have at most ${LIMITS.expressionLength} characters` };
  }
  const unknown: string[] = [];
  let env = compileEnvironment(variables);
  for (;;) {
    const result = env.check(expr);
    const error = result.error as CelError | undefined;
    const name = error?.code === 'unknown_variable' ? /^Unknown variable: (\S+)/.exec(error.summary ?? '')?.[1] : undefined;
    if (name && !env.hasVariable(name) && unknown.length < LIMITS.unknownNamesPerExpression) {
      // All unknown names at once, as far as the AST tells, so the expression is checked twice and
      // not once per name; the loop still takes the checker's word for any the AST hides.
      const known = env;
      const found = unknown.length ? [] : unknownNames(known.parse(expr).ast as unknown as AstNode, (n) => known.hasVariable(n));
      const names = (found.includes(name) ? found : [name, ...found]).slice(0, LIMITS.unknownNamesPerExpression - unknown.length);
      // A clone knows the names found so far; it is thrown away after this check.
      env = env.clone();
      for (const n of names) {
        unknown.push(`unknown field '${n}'${didYouMean(n, Object.keys(variables))}`);
        env.registerVariable(n, 'dyn');
      }
      continue;
    }
    const problems = [...unknown];
    const syntax = (error as Error | undefined)?.name === 'ParseError';
    const ast = syntax ? undefined : (env.parse(expr).ast as unknown as AstNode);
    if (error) {
      problems.push(`${syntax ? 'syntax' : 'type'} error${where(expr, error)}: ${describe(expr, error, false)}`);
    } else if (!unknown.length) {
      const type = result.type ?? 'dyn';
      const expect = options.expect ?? 'bool';
      if (expect === 'bool' && type !== 'bool' && type !== 'dyn') {
        problems.push(`must give true or false, but gives ${type}`);
      } else if (expect === 'number' && !['double', 'int', 'uint', 'dyn'].includes(type)) {
        problems.push(`must give a number, but gives ${type}`);
      }
      if (options.enums && ast) problems.push(...enumProblems(ast as unknown as Node, options.enums));
    }
    const cost = ast && costOf(ast);
    if (cost) problems.push(...cost.problems);
    return problems.length
      ? { ok: false, message: problems.join('; ') }
      : { ok: true, type: result.type ?? 'dyn', steps: cost?.steps ?? 0 };
  }
}

type Data = Readonly<Record<string, unknown>> | undefined;

function toCel(type: CelType, value: unknown): unknown {
  if (type === 'double') {
    if (typeof value === 'bigint') return Number(value);
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  }
  if (type === 'string') return typeof value === 'string' ? value : undefined;
  if (type === 'bool') return typeof value === 'boolean' ? value : undefined;
  return value;
}

/** The values expressions see, from forms and their data; a later form wins on a name clash. */
export function bindings(...sources: Array<[ReadonlyArray<Field>, Data]>): Record<string, unknown> {
  const context: Record<string, unknown> = {};
  for (const [fields, data] of sources) {
    for (const field of fields) {
      const type = celType(field.type);
      const raw = data?.[field.name];
      const value = raw === undefined || raw === null ? undefined : toCel(type, raw);
      if (value !== undefined) context[field.name] = value;
      else if ((raw === undefined || raw === null) && !field.required) context[field.name] = DEFAULTS[type];
      else delete context[field.name];
    }
  }
  return context;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * How to evaluate: `meter` counts the steps against the budget and `matches()` is RE2's; without
 * one, the library evaluates unbounded, as cases did before the budget, so that their recorded
 * histories replay as they ran.
 */
interface Evaluation {
  variables: Variables;
  context: Record<string, unknown>;
  meter?: Meter;
}

/** Calls of matches() go to the linear-time one. */
function useLinearMatches(root: AstNode): void {
  forEachNode(root, (node) => {
    const args = node.args as unknown[];
    if (node.op === 'rcall' && args[0] === 'matches') args[0] = LINEAR_MATCHES;
  });
}

function evaluate(expr: string, { variables, context, meter }: Evaluation): Outcome<unknown> {
  try {
    const env = compileEnvironment(variables);
    if (!meter) return { ok: true, value: env.evaluate(expr, context) };
    meter.begin();
    return metered(meter, () => {
      const parsed = env.parse(expr);
      useLinearMatches(parsed.ast as unknown as AstNode);
      return { ok: true, value: parsed(context) };
    });
  } catch (error) {
    return { ok: false, message: describe(expr, error as CelError) };
  }
}

function holds(expr: string, evaluation: Evaluation): Outcome<boolean> {
  const result = evaluate(expr, evaluation);
  if (!result.ok || typeof result.value === 'boolean') return result as Outcome<boolean>;
  return { ok: false, message: `gave ${String(result.value)} instead of true or false` };
}

function points(expr: number | string, evaluation: Evaluation): Outcome<number> {
  if (typeof expr === 'number') return { ok: true, value: expr };
  const result = evaluate(expr, evaluation);
  if (!result.ok) return result;
  const value = num(result.value);
  return typeof value === 'number' && Number.isFinite(value)
    ? { ok: true, value }
    : { ok: false, message: `gave ${String(result.value)} instead of a number` };
}

export interface EvaluateOptions {
  /**
   * Whether evaluation counts its steps against the budget and matches() is RE2's (the default).
   * False only for replaying what cases did before: see workflows/phases/screening.ts.
   */
  bounded?: boolean;
}

export interface ScreeningResult {
  decision: 'accept' | 'reject';
  reason: string;
  /** Index of the rule that decided. */
  rule: number;
}

/**
 * The decision of the first screening rule that holds for the intake data, or undefined when none
 * holds and a person decides. A rule that fails to evaluate does not hold; `onProblem` hears of it.
 */
export function screen(
  definition: Definition,
  intake: Data,
  onProblem?: (problem: string) => void,
  { bounded = true }: EvaluateOptions = {},
): ScreeningResult | undefined {
  const evaluation: Evaluation = {
    variables: formVariables(definition.forms.intake),
    context: bindings([definition.forms.intake, intake]),
    meter: bounded ? new Meter('screening') : undefined,
  };
  for (const [rule, { when, decision, reason }] of definition.screening.rules.entries()) {
    const result = holds(when, evaluation);
    if (!result.ok) onProblem?.(`Screening rule ${rule + 1} (${reason}) could not be evaluated: ${result.message}`);
    else if (result.value) return { decision, reason, rule };
  }
  return undefined;
}

export interface RiskResult {
  score: number;
  level: RiskLevel;
  reasons: string[];
}

/**
 * The risk score, level and reasons from the assessment and intake data. The score is the sum of the
 * points of the factors that hold (rounded to six decimals); the level is that of the first level
 * rule that holds, and high when none does. Reasons are those of the factors that hold, in order;
 * factors and rules that fail to evaluate are left out and said so in the reasons.
 */
export function stratify(definition: Definition, assessment: Data, intake: Data, { bounded = true }: EvaluateOptions = {}): RiskResult {
  const { intake: intakeForm, assessment: assessmentForm } = definition.forms;
  const variables = formVariables(intakeForm, assessmentForm);
  const context = bindings([intakeForm, intake], [assessmentForm, assessment]);
  const meter = bounded ? new Meter('risk stratification') : undefined;
  const evaluation: Evaluation = { variables, context, meter };
  const reasons: string[] = [];
  let score = 0;
  for (const [i, factor] of definition.risk.factors.entries()) {
    const applies = holds(factor.when, evaluation);
    const gained = !applies.ok ? applies : applies.value ? points(factor.points, evaluation) : undefined;
    if (gained && !gained.ok) {
      reasons.push(`Risk factor ${i + 1} (${factor.reason}) could not be evaluated and was left out: ${gained.message}`);
    } else if (gained) {
      score += gained.value;
      reasons.push(factor.reason);
    }
  }
  score = Math.round(score * 1e6) / 1e6;
  const levels: Evaluation = { variables: { ...variables, [SCORE_VARIABLE]: 'double' }, context: { ...context, [SCORE_VARIABLE]: score }, meter };
  for (const [i, rule] of definition.risk.levels.entries()) {
    const result = holds(rule.when, levels);
    if (!result.ok) reasons.push(`Risk level rule ${i + 1} (${rule.level}) could not be evaluated: ${result.message}`);
    else if (result.value) return { score, level: rule.level, reasons };
  }
  reasons.push(`No risk level rule matched a score of ${score}; high risk assumed`);
  return { score, level: 'high', reasons };
}
