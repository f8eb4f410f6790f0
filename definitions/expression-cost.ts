/**
 * What an expression may cost, judged before it is published: how deep its comprehensions nest,
 * how many steps it takes at worst, and whether the patterns it hands to `matches()` are ones RE2
 * reads. The worst case counts every list at its largest: a list written in the expression at its
 * length, a list made from one (`map`, `filter`, `+`) or named by `cel.bind` at the length of what it
 * is made from, and any other (`split()` of a text, say) at LIMITS.listLiteral. Texts count as short here; a long text
 * costs its share while the expression runs, where the budget of expression-budget.ts applies.
 */
import { children, type AstNode, type ComprehensionArgs } from './expression-ast';
import { LIMITS } from '../common/definition-limits';
import { compileRegex } from './regex';

const comprehension = (node: AstNode) => (node.op === 'comprehension' ? (node.args as ComprehensionArgs) : undefined);

/** Lists named by `cel.bind`, with their largest length. */
type Sizes = ReadonlyMap<string, number>;

/** The parts of `cel.bind(name, value, body)`, if `node` is one. */
function binding(node: AstNode): { name: string; value: AstNode; body: AstNode } | undefined {
  if (node.op !== 'rcall') return undefined;
  const [method, receiver, args] = node.args as [string, AstNode, AstNode[]];
  if (method !== 'bind' || receiver.op !== 'id' || receiver.args !== 'cel' || args.length !== 3) return undefined;
  return { name: args[0].args as string, value: args[1], body: args[2] };
}

/** The most elements the list (or map) `node` gives, as far as the expression tells. */
function largest(node: AstNode, sizes: Sizes): number {
  const alternate = node.meta?.alternate;
  if (alternate) return largest(alternate, sizes);
  const args = node.args as AstNode[];
  switch (node.op) {
    case 'list':
    case 'map':
      return args.length;
    case 'id':
      return sizes.get(node.args as string) ?? LIMITS.listLiteral;
    case '+':
      return largest(args[0], sizes) + largest(args[1], sizes);
    case '?:':
      return Math.max(largest(args[1], sizes), largest(args[2], sizes));
    case 'comprehension': {
      const { kind, iterable } = node.args as ComprehensionArgs;
      return kind === 'quantifier' ? 0 : largest(iterable, sizes);
    }
    default: {
      const bound = binding(node);
      if (bound) return largest(bound.body, new Map([...sizes, [bound.name, largest(bound.value, sizes)]]));
      return LIMITS.listLiteral;
    }
  }
}

/** Steps of evaluating `node` at worst: one per node, each comprehension's step once per element. */
export function worstSteps(node: AstNode, sizes: Sizes = new Map()): number {
  const loop = comprehension(node);
  if (loop) {
    const inside = new Map(sizes);
    inside.delete((loop as ComprehensionArgs & { iterVarName: string }).iterVarName);
    return 1 + worstSteps(loop.iterable, sizes) + worstSteps(loop.init, sizes) + largest(loop.iterable, sizes) * (1 + worstSteps(loop.step, inside));
  }
  const bound = binding(node);
  if (bound) {
    const inside = new Map([...sizes, [bound.name, largest(bound.value, sizes)]]);
    return 1 + worstSteps(bound.value, sizes) + worstSteps(bound.body, inside);
  }
  return children(node).reduce((sum, child) => sum + worstSteps(child, sizes), 1);
}

/** Comprehensions inside one another, at most, in `node`. A chain (`l.map(…).filter(…)`) does not nest. */
export function nesting(node: AstNode): number {
  const loop = comprehension(node);
  if (loop) return Math.max(nesting(loop.iterable), nesting(loop.init), 1 + nesting(loop.step));
  return children(node).reduce((deepest, child) => Math.max(deepest, nesting(child)), 0);
}

/** Problems with the patterns written in the expression's `matches()` calls. */
function patternProblems(root: AstNode): string[] {
  const problems: string[] = [];
  const visit = (node: AstNode): void => {
    if (node.op === 'rcall') {
      const [name, , args] = node.args as [string, AstNode, AstNode[]];
      const pattern = args[0];
      if (name === 'matches' && pattern?.op === 'value' && typeof pattern.args === 'string') {
        const compiled = compileRegex(pattern.args);
        if (!compiled.ok) problems.push(`matches(): the pattern ${compiled.message}`);
      }
    }
    children(node).forEach(visit);
  };
  visit(root);
  return problems;
}

export interface CostReport {
  /** Steps at worst, as counted by worstSteps. */
  steps: number;
  problems: string[];
}

/** What an expression may cost, and the problems when that is more than allowed. */
export function costOf(root: AstNode): CostReport {
  const problems: string[] = [];
  const depth = nesting(root);
  if (depth > LIMITS.comprehensionNesting) {
    problems.push(`comprehensions (all, exists, exists_one, map, filter) nest ${depth} deep; at most ${LIMITS.comprehensionNesting} may be inside one another`);
  }
  const steps = worstSteps(root);
  if (steps > LIMITS.expressionSteps) {
    problems.push(`may take up to ${steps} steps with its lists at their largest; at most ${LIMITS.expressionSteps} are allowed (use fewer or shorter lists, or fewer nested comprehensions)`);
  }
  problems.push(...patternProblems(root));
  return { steps, problems };
}
