/**
 * How a case evaluates its definition's rules. Since the work budget and RE2's matches() came in
 * (definitions/expression-budget.ts), rules are evaluated bounded; a case that evaluated a rule
 * before then replays it as it ran, unbounded, so that its history stays deterministic.
 */
import { patched } from '@temporalio/workflow';
import type { EvaluateOptions } from '../definitions/expressions';
import { BOUNDED_RULES_PATCH } from './patches';

export function ruleEvaluation(): EvaluateOptions {
  return { bounded: patched(BOUNDED_RULES_PATCH) };
}
