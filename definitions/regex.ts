/**
 * Regular expressions from definitions (a field's `pattern`, CEL's `matches()`), matched in time
 * linear in the text by RE2's algorithm (re2js, plain JavaScript, so it also runs in the workflow
 * sandbox). JavaScript's own RegExp backtracks: `^(a+)+$` against thirty `a`s and a `!` takes
 * seconds, and everything sharing the process waits. RE2 syntax is that of CEL's `matches()`; it has
 * no lookaround and no backreferences, the constructs that need backtracking.
 */
import { RE2JS } from 're2js';
import { LIMITS } from '../common/definition-limits';

export interface Regex {
  /** Whether the pattern matches somewhere in the text. */
  test(text: string): boolean;
  /** RE2's measure of the pattern's size; matching costs up to this much per character. */
  size: number;
}
export type RegexResult = { ok: true; regex: Regex } | { ok: false; message: string };

const compiled = new Map<string, RegexResult>();

function compileNow(pattern: string): RegexResult {
  if (pattern.length > LIMITS.patternLength) {
    return { ok: false, message: `may have at most ${LIMITS.patternLength} characters` };
  }
  try {
    const re = RE2JS.compile(pattern);
    return { ok: true, regex: { test: (text) => re.test(text), size: re.programSize() } };
  } catch (error) {
    const reason = (error as Error).message.replace(/^error parsing regexp: /, '');
    return { ok: false, message: `is not a valid regular expression (RE2 syntax): ${reason}` };
  }
}

/**
 * The pattern compiled, or why it cannot be. Results are kept (the same patterns come back with
 * every form and rule); the cache forgets its oldest entry when full, which changes no answer.
 */
export function compileRegex(pattern: string): RegexResult {
  let result = compiled.get(pattern);
  if (!result) {
    result = compileNow(pattern);
    if (compiled.size >= 500) compiled.delete(compiled.keys().next().value as string);
    compiled.set(pattern, result);
  }
  return result;
}
