/**
 * Notification templates: Handlebars (https://handlebarsjs.com) text for the subject and body of a
 * notification. This module lists the values a template can use and checks a template against them.
 */
import Handlebars from 'handlebars';
import type { NotificationEvent } from '../common/definition-schema';
import { didYouMean } from './suggest';

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
/** Values that are lists: `{{#each}}` goes over these, and only these. */
const LIST_VARIABLES = ['risk.reasons'];
/** The helpers a template may use, each as a block: `{{#if x}}…{{/if}}`. */
const BLOCK_HELPERS = ['if', 'unless', 'each', 'with'];
/** Data variables of an `{{#each}}` block. */
const EACH_DATA = ['index', 'first', 'last', 'key'];

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const rec = (x: unknown): Record<string, unknown> => (isObject(x) ? x : {});
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

interface HbsNode {
  type: string;
  [key: string]: unknown;
}

interface PathNode extends HbsNode {
  type: 'PathExpression';
  data: boolean;
  depth: number;
  parts: string[];
  original: string;
}

/** What a name stands for: one value, a list of values, or a group of named values. */
type Shape = { kind: 'value' } | { kind: 'list' } | { kind: 'group'; members: Map<string, Shape> };

/** What names refer to at some point of a template: the top-level values, or what a block moved to. */
interface Frame {
  shape: Shape;
  /** The dotted name of what the frame is, from the top: '' at the top, 'case' inside {{#with case}}. */
  name: string;
  /** Set on an item of {{#each}}: the list it comes from. */
  itemOf?: string;
}

function shapeOf(names: readonly string[]): Shape {
  const root: Shape = { kind: 'group', members: new Map() };
  for (const name of names) {
    const parts = name.split('.');
    let at: Shape = root;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      if (at.kind !== 'group') return;
      let next = at.members.get(part);
      if (!next) {
        next = last ? (LIST_VARIABLES.includes(name) ? { kind: 'list' } : { kind: 'value' }) : { kind: 'group', members: new Map() };
        at.members.set(part, next);
      }
      at = next;
    });
  }
  return root;
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
 * Problems with one template: syntax, anything but the block helpers `if`, `unless`, `each` and
 * `with`, and names that the notification's event does not provide. The whole template is walked,
 * blocks included, following what each block makes its names refer to: `{{#with case}}` moves to the
 * case, `{{#each risk.reasons}}` to each reason, `../` back out, `@root` to the top. What could reach
 * values beyond those listed is refused: `this` standing for a group (the whole intake, everything at
 * once), `{{#each}}` over anything but a list, literals in place of names, sub-expressions, `lookup`,
 * `log` (it writes to the server's output), partials, decorators and block parameters.
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
  const top: Frame = { shape: shapeOf(known), name: '' };
  const problems = new Set<string>();
  const example = (group: string) => known.find((k) => k.startsWith(group ? `${group}.` : '')) ?? 'case.id';

  const unknownName = (name: string) => {
    if (elsewhere.includes(name)) problems.add(`'${name}' is not available on ${event} notifications`);
    else problems.add(`unknown variable '${name}'${didYouMean(name, known)}`);
  };

  /** What a path names, or undefined when it names nothing known (the problem is noted). */
  const resolve = (p: PathNode, frames: readonly Frame[]): Frame | undefined => {
    let frame: Frame | undefined;
    let parts = p.parts;
    if (p.data) {
      const [head, ...rest] = parts;
      if (head === 'root' && p.depth === 0) {
        frame = top;
        parts = rest;
      } else if (EACH_DATA.includes(head) && rest.length === 0 && p.depth === 0) {
        if (!frames.some((f) => f.itemOf)) problems.add(`'@${head}' is available only inside {{#each}}`);
        return { shape: { kind: 'value' }, name: `@${head}` };
      } else {
        problems.add(`unknown data variable '${p.original}'; available: @root, and inside {{#each}}: ${EACH_DATA.map((d) => `@${d}`).join(', ')}`);
        return undefined;
      }
    } else {
      frame = frames[frames.length - 1 - p.depth];
      if (!frame) {
        problems.add(`'${p.original}' reaches out of more blocks than it is in`);
        return undefined;
      }
    }
    const whole = [frame.name, ...parts].filter(Boolean).join('.');
    for (const part of parts) {
      const name: string = frame.name ? `${frame.name}.${part}` : part;
      if (frame.shape.kind !== 'group') {
        problems.add(
          frame.itemOf
            ? `'${p.original}' is not available: inside {{#each ${frame.itemOf}}} each item is a single value, written {{this}}`
            : `'${p.original}' is not available: '${frame.name}' is a single value`,
        );
        return undefined;
      }
      const next = frame.shape.members.get(part);
      if (!next) {
        unknownName(whole);
        return undefined;
      }
      frame = { shape: next, name };
    }
    return frame;
  };

  const isThis = (p: PathNode) => !p.data && p.parts.length === 0;

  /** `{{name}}`: the value of a name, or of a list joined; never a group. */
  const output = (node: HbsNode, frames: readonly Frame[]) => {
    if (node.type !== 'PathExpression') {
      problems.add(`'{{${String(node.original)}}}': a literal in place of a name is not available; name a value, e.g. '${example('')}'`);
      return;
    }
    const p = node as PathNode;
    const named = resolve(p, frames);
    if (!named || named.shape.kind !== 'group') return;
    if (isThis(p) || named.name === '') problems.add(`'${p.original}' here stands for a group of values${named.name ? ` ('${named.name}')` : ' (everything at once)'}; name one, e.g. '${example(named.name)}'`);
    else problems.add(`'${named.name}' is a group of values; name one, e.g. '${example(named.name)}'`);
  };

  const helperCall = (head: string) => {
    if (head === 'log') problems.add("'log' is not available in notification templates: it would write case data to the server's log");
    else if (head === 'lookup') problems.add("'lookup' is not available in notification templates; name the value itself, e.g. 'intake.<field>'");
    else if (BLOCK_HELPERS.includes(head)) problems.add(`'${head}' works only as a block: {{#${head} …}}…{{/${head}}}`);
    else problems.add(`unknown helper '${head}'${didYouMean(head, BLOCK_HELPERS)}; available: ${BLOCK_HELPERS.map((h) => `{{#${h}}}`).join(', ')}`);
  };

  const block = (n: HbsNode, frames: readonly Frame[]) => {
    const head = rec(n.path) as Partial<PathNode>;
    const helper = head.type === 'PathExpression' && !head.data && head.depth === 0 && head.parts?.length === 1 ? head.parts[0] : undefined;
    const program = rec(n.program);
    const inverse = rec(n.inverse);
    if (!helper || !BLOCK_HELPERS.includes(helper)) {
      const isName = known.some((k) => k === head.original || k.startsWith(`${head.original}.`));
      if (isName) problems.add(`{{#${head.original}}}: a block must be one of ${BLOCK_HELPERS.map((h) => `{{#${h}}}`).join(', ')}`);
      else helperCall(String(head.original));
      return;
    }
    if (list(program.blockParams).length > 0) problems.add(`block parameters ({{#${helper} … as |name|}}) are not available`);
    if (n.hash !== undefined) problems.add(`{{#${helper}}} takes no name=value arguments`);
    const params = list(n.params) as HbsNode[];
    if (params.length !== 1) {
      problems.add(`{{#${helper}}} takes one value, e.g. {{#${helper} ${helper === 'each' ? 'risk.reasons' : example('')}}}`);
      return;
    }
    const [arg] = params;
    const inner = (frame?: Frame) => {
      body(program.body, frame ? [...frames, frame] : frames);
      body(inverse.body, frames);
    };
    if (arg.type === 'SubExpression') {
      problems.add('sub-expressions ( … ) are not available in notification templates');
      return;
    }
    if (arg.type !== 'PathExpression') {
      if (helper === 'if' || helper === 'unless') return inner();
      problems.add(`{{#${helper}}} needs a name, not the literal '${String(arg.original)}'`);
      return;
    }
    const p = arg as PathNode;
    if ((helper === 'with' || helper === 'each') && isThis(p)) {
      problems.add(`'{{#${helper} ${p.original}}}' is not available: name the ${helper === 'each' ? 'list' : 'value'} itself, e.g. '${helper === 'each' ? 'risk.reasons' : 'case'}'`);
      return;
    }
    const named = resolve(p, frames);
    if (!named) return;
    if (helper === 'if' || helper === 'unless') return inner();
    if (named.name === '') {
      problems.add(`'{{#${helper} ${p.original}}}' stands for everything at once; name a value`);
      return;
    }
    if (helper === 'with') {
      if (named.shape.kind === 'list') problems.add(`'${named.name}' is a list; go over it with {{#each ${named.name}}}`);
      else inner(named);
      return;
    }
    if (named.shape.kind !== 'list') {
      problems.add(`'${named.name}' is ${named.shape.kind === 'group' ? 'a group of values' : 'a single value'}, not a list; {{#each}} goes over a list: ${LIST_VARIABLES.join(', ')}`);
      return;
    }
    inner({ shape: { kind: 'value' }, name: `${named.name} item`, itemOf: named.name });
  };

  const statement = (n: HbsNode, frames: readonly Frame[]) => {
    switch (n.type) {
      case 'ContentStatement':
      case 'CommentStatement':
        return;
      case 'PartialStatement':
      case 'PartialBlockStatement':
        problems.add('partials ({{> name}}) are not available in notification templates');
        return;
      case 'Decorator':
      case 'DecoratorBlock':
        problems.add('decorators ({{* name}}) are not available in notification templates');
        return;
      case 'MustacheStatement':
        if (list(n.params).length > 0 || n.hash !== undefined) return helperCall(String(rec(n.path).original));
        return output(rec(n.path) as HbsNode, frames);
      case 'BlockStatement':
        return block(n, frames);
      default:
        problems.add(`'${n.type}' is not available in notification templates`);
    }
  };
  const body = (nodes: unknown, frames: readonly Frame[]) => list(nodes).forEach((n) => statement(rec(n) as HbsNode, frames));

  body(ast.body, [top]);
  return [...problems].map((message) => ({ path, message }));
}
