/**
 * What a trail entry says, in words a reader of the case page's timeline takes in at a glance: the
 * phase a case entered and the one it left, the task given, the follow-up scheduled and when it is
 * due, who a case or task went to and why. Entries of every type pass here; the words are read
 * from the data as plain fields, and from the few nested ones the engine writes (a phase, a task,
 * a deadline, a follow-up, a closure, a risk).
 */
import type { TrailEntry } from '../../common/case-types';
import type { Phase } from '../../common/phases';
import { humanize, phaseName } from './words';

type Data = Record<string, unknown>;

const asData = (v: unknown): Data | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Data) : undefined);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : undefined);

/** Entries whose `from` and `to` name people; in the others they name risk levels or versions. */
const PEOPLE_MOVES = new Set(['case_assigned', 'task_routed']);

/**
 * The summary of an entry, or undefined when it carries nothing a reader needs. `person` turns a
 * person's id into their name, `when` a time into the reader's words for it.
 */
export function trailSummary(entry: Pick<TrailEntry, 'type' | 'data'>, person: (id?: string) => string, when: (iso: string) => string): string | undefined {
  const d = asData(entry.data) ?? {};
  const parts: string[] = [];
  const add = (label: string, value: string | undefined) => {
    if (value !== undefined) parts.push(`${label}: ${value}`);
  };
  const phase = asData(d.phase);
  if (phase) {
    add('Phase', text(phase.name) && phaseName(phase.name as Phase));
    add('From', text(phase.previous) && phaseName(phase.previous as Phase));
  } else add('Phase', text(d.phase) && phaseName(d.phase as Phase));
  add('Decision', text(d.decision) && humanize(d.decision as string));
  add('Outcome', text(d.outcome) && humanize(d.outcome as string));
  add('Level', text(d.level) && humanize(d.level as string));
  const risk = asData(d.risk);
  if (risk) add('Risk', text(risk.level) && humanize(risk.level as string));
  const task = asData(d.task);
  if (task) {
    add('Task', text(task.title));
    add('Due', text(task.due) && when(task.due as string));
  }
  if (typeof d.n === 'number') add('Follow-up', String(d.n));
  if (entry.type.startsWith('follow_up') || entry.type.startsWith('contact')) add('Due', text(d.due) && when(d.due as string));
  const followUp = asData(d.follow_up);
  if (followUp) {
    add('Follow-up', text(followUp.n));
    add('Due', text(followUp.due) && when(followUp.due as string));
  }
  const deadline = asData(d.deadline);
  if (deadline) add('Deadline', text(deadline.due ?? deadline.dueAt) && when((deadline.due ?? deadline.dueAt) as string));
  if (PEOPLE_MOVES.has(entry.type)) {
    if (text(d.from)) add('From', person(d.from as string));
    add('To', text(d.to) ? person(d.to as string) : 'the team\'s queue');
  } else {
    add('From', text(d.from) && (entry.type === 'version_moved' ? `version ${d.from}` : humanize(String(d.from))));
    add('To', text(d.to) && (entry.type === 'version_moved' ? `version ${d.to}` : humanize(String(d.to))));
  }
  add('Assignee', text(d.assignee) && person(d.assignee as string));
  add('Title', text(d.title));
  const closure = asData(d.closure);
  if (closure) {
    add('Closure', text(closure.reason) && humanize(closure.reason as string));
    add('Note', text(closure.note));
  }
  add('Reason', text(d.reason));
  add('Text', text(d.text));
  return parts.length ? parts.join('; ') : undefined;
}
