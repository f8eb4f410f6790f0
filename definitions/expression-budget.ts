/**
 * The work budget of expressions while they run. CEL has no loops, but its comprehensions
 * (`all`, `exists`, `map`…) nest: four `.all()` over lists of 100 are a hundred million steps, and a
 * case's workflow task would block its worker for as long. @marcbachmann/cel-js has limits on what
 * an expression may be (its size, its depth, the lists written in it) but none on what evaluating it
 * may cost, so this module counts: every value the evaluator computes is a step, plus the size of
 * the lists and texts it makes or reads (see LIMITS.expressionSteps), and evaluation stops with
 * BudgetExceeded past the budget. The count depends only on the expression and its data, so it is
 * the same on every replay.
 *
 * The count hooks into cel-js's evaluator: each node's value is computed through the evaluator's
 * `run` method, which this module wraps on the evaluator of each environment. `tryEval`, which the
 * library uses to absorb errors (`false && error` is false), is wrapped so that an exhausted budget
 * is never absorbed. The test of this module fails if a new version of the library stops computing
 * through these methods.
 */
import type { Environment } from '@marcbachmann/cel-js';
import { LIMITS } from '../common/definition-limits';
import { compileRegex } from './regex';

/** Evaluation stopped because it took more steps than allowed. */
export class BudgetExceeded extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BudgetExceeded';
  }
}

/** Counts the steps of the expressions of one screening or one risk stratification. */
export class Meter {
  private spent = 0;
  private passSpent = 0;

  /** `pass` names the work the budget is shared by, for messages: "screening". */
  constructor(private readonly pass: string) {}

  /** Starts counting a new expression; the pass's count goes on. */
  begin(): void {
    this.spent = 0;
  }

  charge(steps: number): void {
    this.spent += steps;
    this.passSpent += steps;
    if (this.spent > LIMITS.expressionSteps) {
      throw new BudgetExceeded(`stopped after ${LIMITS.expressionSteps} steps, the most one expression may take`);
    }
    if (this.passSpent > LIMITS.passSteps) {
      throw new BudgetExceeded(`stopped: this ${this.pass} has used the ${LIMITS.passSteps} steps all its expressions may take together`);
    }
  }
}

let active: Meter | undefined;

/** Runs `evaluate` with its steps counted by `meter`. Evaluation is synchronous, so one meter is active at a time. */
export function metered<T>(meter: Meter, evaluate: () => T): T {
  const outer = active;
  active = meter;
  try {
    return evaluate();
  } finally {
    active = outer;
  }
}

/** Steps for a value beyond the one for computing it: its size, for what is made or read whole. */
function sizeSteps(value: unknown): number {
  if (typeof value === 'string') return value.length >>> 10;
  if (Array.isArray(value)) return value.length;
  if (value instanceof Uint8Array) return value.length >>> 10;
  if (value instanceof Map || value instanceof Set) return value.size;
  return 0;
}

interface Evaluator {
  run(ast: unknown, ctx: unknown): unknown;
  tryEval(ast: unknown, ctx: unknown): unknown;
}

/** The evaluator of an environment: the one its evaluation hands to the root node of an expression. */
function evaluatorOf(env: Environment): Evaluator {
  const probe = env.parse('true');
  let found: Evaluator | undefined;
  Object.defineProperty(probe.ast, 'evaluate', { value: (ev: Evaluator) => ((found = ev), true) });
  probe({});
  if (!found || typeof found.run !== 'function' || typeof found.tryEval !== 'function') {
    throw new Error('cannot count the steps of expressions: this version of @marcbachmann/cel-js evaluates differently');
  }
  return found;
}

/** Makes evaluations in this environment count their steps against the active meter. */
export function meterEnvironment(env: Environment): void {
  const ev = evaluatorOf(env);
  const { run, tryEval } = ev;
  ev.run = function meteredRun(this: Evaluator, ast, ctx) {
    const meter = active;
    if (!meter) return run.call(this, ast, ctx);
    meter.charge(1);
    const value = run.call(this, ast, ctx);
    meter.charge(sizeSteps(value));
    return value;
  };
  ev.tryEval = function meteredTryEval(this: Evaluator, ast, ctx) {
    const value = tryEval.call(this, ast, ctx);
    if (value instanceof BudgetExceeded) throw value;
    return value;
  };
}

/** The name under which evaluation calls linearMatches for CEL's `matches()`. */
export const LINEAR_MATCHES = 'matches_linear';

/**
 * CEL's `text.matches(pattern)` in linear time, its cost counted: RE2 may visit every
 * instruction of the pattern for every character of the text.
 */
export function linearMatches(text: string, pattern: string): boolean {
  const compiled = compileRegex(pattern);
  if (!compiled.ok) throw new Error(`matches(): the pattern ${compiled.message}`);
  active?.charge(Math.ceil(((text.length + 1) * compiled.regex.size) / 5));
  return compiled.regex.test(text);
}
