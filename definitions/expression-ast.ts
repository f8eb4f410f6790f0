/**
 * Walking the AST that @marcbachmann/cel-js parses an expression into. A macro (`all`, `exists`,
 * `exists_one`, `map`, `filter`) is parsed into a call whose `meta.alternate` is the comprehension
 * that evaluation runs: walks follow the alternate, as evaluation does. Runs in the workflow sandbox.
 */

/** An AST node as far as walks read it. */
export interface AstNode {
  op: string;
  args: unknown;
  meta?: { alternate?: AstNode };
}
/** The parts of a comprehension: the list it runs over, its start value and the step per element. */
export interface ComprehensionArgs {
  iterable: AstNode;
  init: AstNode;
  step: AstNode;
  kind?: string;
}

export const isNode = (x: unknown): x is AstNode => typeof x === 'object' && x !== null && 'op' in x && 'args' in x;

/** The nodes an evaluation of `node` may evaluate next. */
export function children(node: AstNode): AstNode[] {
  const alternate = node.meta?.alternate;
  if (alternate) return [alternate];
  if (node.op === 'comprehension') {
    const { iterable, init, step } = node.args as ComprehensionArgs;
    return [iterable, init, step];
  }
  const found: AstNode[] = [];
  const collect = (x: unknown): void => {
    if (isNode(x)) found.push(x);
    else if (Array.isArray(x)) x.forEach(collect);
  };
  collect(node.args);
  return found;
}

/** Calls `visit` on every node that evaluation may reach, parents before children. */
export function forEachNode(root: AstNode, visit: (node: AstNode) => void): void {
  const stack = [root];
  while (stack.length) {
    const node = stack.pop() as AstNode;
    visit(node);
    stack.push(...children(node));
  }
}

/**
 * The names an expression reads that `known` does not know, in the order they are written, leaving
 * out the variables of comprehensions (`x` in `list.all(x, …)`) and of `cel.bind`.
 */
export function unknownNames(root: AstNode, known: (name: string) => boolean): string[] {
  const found: string[] = [];
  const visit = (node: AstNode, bound: ReadonlySet<string>): void => {
    if (node.op === 'id') {
      const name = node.args as string;
      if (!bound.has(name) && !known(name) && !found.includes(name)) found.push(name);
      return;
    }
    if (node.op === 'comprehension') {
      const { iterable, init, step, iterVarName } = node.args as ComprehensionArgs & { iterVarName: string };
      visit(iterable, bound);
      visit(init, bound);
      visit(step, new Set([...bound, iterVarName]));
      return;
    }
    const [method, receiver, args] = Array.isArray(node.args) ? (node.args as unknown[]) : [];
    if (node.op === 'rcall' && method === 'bind' && isNode(receiver) && receiver.args === 'cel' && Array.isArray(args) && args.length === 3) {
      const [variable, value, body] = args as AstNode[];
      visit(value, bound);
      visit(body, new Set([...bound, variable.args as string]));
      return;
    }
    children(node).forEach((child) => visit(child, bound));
  };
  visit(root, new Set());
  return found;
}
