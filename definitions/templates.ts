/**
 * Notification templates: Handlebars (https://handlebarsjs.com) text for the subject and body of a
 * notification. This module lists the values a template can use and checks a template against them.
 */
import Handlebars from 'handlebars';
import type { NotificationEvent } from './schema';
import { didYouMean } from './expressions';

export interface TemplateProblem {
  path: string;
  message: string;
}

/** Values templates can use on every notification, and those of each event. */
export const TEMPLATE_VARIABLES = {
  all: [
    ...['case.id', 'case.title', 'case.phase', 'case.status', 'case.risk', 'case.assignee', 'case.team', 'case.definition', 'case.dueAt'],
    ...['event', 'intake.<field>'],
  ],
  events: {
    case_opened: [],
    phase_entered: ['phase.name', 'phase.previous'],
    task_assigned: ['task.id', 'task.title', 'task.role', 'task.due', 'task.assignee'],
    deadline_near: ['deadline.phase', 'deadline.due'],
    deadline_passed: ['deadline.phase', 'deadline.due', 'deadline.escalate_to'],
    follow_up_due: ['follow_up.n', 'follow_up.due', 'follow_up.window_ends'],
    risk_changed: ['risk.level', 'risk.previous', 'risk.score', 'risk.reasons'],
    case_closed: ['closure.reason', 'closure.note'],
  } satisfies Record<NotificationEvent, string[]>,
} as const;
const TEMPLATE_HELPERS = ['if', 'unless', 'each', 'with', 'lookup', 'log'];

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const rec = (x: unknown): Record<string, unknown> => (isObject(x) ? x : {});
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

interface HbsNode {
  type: string;
  [key: string]: unknown;
}

function templateSyntax(error: Error): string {
  const mismatch = /^(\S+) doesn't match (\S+) - (\d+):/.exec(error.message);
  if (mismatch) return `template syntax error on line ${mismatch[3]}: {{#${mismatch[1]}}} is closed by {{/${mismatch[2]}}}`;
  const m = /^Parse error on line (\d+):\n([^\n]*)\n[^\n]*\n[^\n]*got '(\w+)'/.exec(error.message);
  if (!m) return `template syntax error: ${error.message.split('\n')[0]}`;
  const got: Record<string, string> = {
    EOF: 'end of template (is a {{/…}} or }} missing?)',
    INVALID: 'character (is a } missing?)',
    OPEN_ENDBLOCK: '{{/…}} without its {{#…}}',
  };
  return `template syntax error on line ${m[1]} near '${m[2].trim()}': unexpected ${got[m[3]] ?? m[3]}`;
}

/**
 * Problems with one template: syntax, helpers other than the built-in ones, and variables that the
 * notification's event does not provide. Inside {{#each}} and {{#with}} blocks only @root paths are
 * checked, since the block changes what names refer to.
 */
export function checkTemplate(template: string, path: string, event: string, intakeFields: readonly string[]): TemplateProblem[] {
  let ast: HbsNode;
  try {
    ast = Handlebars.parse(template) as unknown as HbsNode;
  } catch (error) {
    return [{ path, message: templateSyntax(error as Error) }];
  }
  const eventVars: readonly string[] = TEMPLATE_VARIABLES.events[event as keyof typeof TEMPLATE_VARIABLES.events] ?? [];
  const known = [...TEMPLATE_VARIABLES.all.filter((v) => !v.startsWith('intake.')), ...intakeFields.map((f) => `intake.${f}`), ...eventVars];
  const elsewhere = Object.values(TEMPLATE_VARIABLES.events).flat() as string[];
  const problems = new Set<string>();
  const checkPath = (p: HbsNode, inScope: boolean) => {
    const parts = p.parts as string[];
    const root = p.data && parts[0] === 'root';
    if ((p.data && !root) || (!inScope && !root) || parts.length === 0 || p.original === 'this') return;
    const name = (root ? parts.slice(1) : parts).join('.');
    if (known.includes(name)) return;
    if (known.some((k) => k.startsWith(`${name}.`))) problems.add(`'${name}' is a group of values; name one, e.g. '${known.find((k) => k.startsWith(`${name}.`))}'`);
    else if (elsewhere.includes(name)) problems.add(`'${name}' is not available on ${event} notifications`);
    else problems.add(`unknown variable '${name}'${didYouMean(name, known)}`);
  };
  const visit = (node: unknown, inScope: boolean): void => {
    if (Array.isArray(node)) return node.forEach((n) => visit(n, inScope));
    if (!isObject(node)) return;
    const n = node as HbsNode;
    if (n.type === 'PathExpression') return checkPath(n, inScope);
    if (n.type === 'PartialStatement' || n.type === 'PartialBlockStatement') {
      problems.add('partials ({{> name}}) are not available in notification templates');
      return;
    }
    if (n.type === 'MustacheStatement' || n.type === 'BlockStatement' || n.type === 'SubExpression') {
      const helper = rec(n.path).original as string;
      const args = list(n.params).length > 0 || n.hash !== undefined;
      if (args || n.type === 'BlockStatement') {
        if (!TEMPLATE_HELPERS.includes(helper) && (args || n.type === 'SubExpression')) {
          problems.add(`unknown helper '${helper}'${didYouMean(helper, TEMPLATE_HELPERS)}; available: ${TEMPLATE_HELPERS.join(', ')}`);
        } else if (!TEMPLATE_HELPERS.includes(helper)) checkPath(n.path as HbsNode, inScope);
      } else visit(n.path, inScope);
      visit(n.params, inScope);
      visit(rec(n.hash).pairs, inScope);
      const changesContext = n.type === 'BlockStatement' && !['if', 'unless'].includes(helper);
      visit(rec(n.program).body, inScope && !changesContext);
      visit(rec(n.inverse).body, inScope);
      return;
    }
    if (n.type === 'HashPair') visit(n.value, inScope);
  };
  visit(ast.body, true);
  return [...problems].map((message) => ({ path, message }));
}


