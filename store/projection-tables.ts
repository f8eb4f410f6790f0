/**
 * The rows of the query tables (tasks, follow-ups, deadlines, visits) that a case's folded view
 * gives, and which of them a write's entries can have changed: what the read model writes beside
 * the view (case-views.ts).
 */
import type { FoldEntry, FoldedCase } from './projection';

/** The rows the query tables hold for a case, each under its key within the case. */
export type TableRows = Record<ProjectedTable, Map<string, Record<string, unknown>>>;

export const PROJECTED_TABLES = ['case_tasks', 'case_follow_ups', 'case_deadlines', 'case_visits'] as const;
export type ProjectedTable = (typeof PROJECTED_TABLES)[number];

/** The key columns of each table besides `case_id`. */
export const TABLE_KEYS: Record<ProjectedTable, string> = {
  case_tasks: 'task_id',
  case_follow_ups: 'n',
  case_deadlines: 'position',
  case_visits: 'position',
};

/** Keys of rows, per table. */
export type TableKeys = Record<ProjectedTable, Set<string>>;

function keyed<T>(items: T[], key: (item: T, i: number) => string | number, row: (item: T, i: number) => Record<string, unknown>, only?: Set<string>) {
  const rows = new Map<string, Record<string, unknown>>();
  items.forEach((item, i) => {
    const k = String(key(item, i));
    if (!only || only.has(k)) rows.set(k, row(item, i));
  });
  return rows;
}

/**
 * The table rows a view stands for: every task (open ones are the work lists), follow-up, deadline
 * and visit; with `only`, the rows of those keys alone.
 */
export function tableRows(v: FoldedCase, only?: TableKeys): TableRows {
  const base = { case_id: v.id };
  const ends = new Map<string, number>();
  for (const x of v.visits) if (x.leftAt) ends.set(x.phase, (ends.get(x.phase) ?? 0) + 1);
  return {
    case_tasks: keyed(
      v.tasks,
      (t) => t.id,
      (t) => ({
        ...base,
        task_id: t.id,
        team: v.team,
        title: t.title,
        assignee: t.assignee ?? null,
        role: t.role ?? null,
        due_at: t.due ?? null,
        required: t.required,
        status: t.status,
        created_at: t.createdAt,
        completed_at: t.completedAt ?? null,
        completed_by: t.completedBy ?? null,
        requires: t.requires?.length ? JSON.stringify(t.requires) : null,
        prefers: t.prefers?.length ? JSON.stringify(t.prefers) : null,
        risk_level: v.risk?.level ?? null,
      }),
      only?.case_tasks,
    ),
    case_follow_ups: keyed(
      v.followUps,
      (f) => f.n,
      (f) => ({
        ...base,
        n: f.n,
        team: v.team,
        armed_at: f.armedAt,
        due_at: f.dueAt,
        made_due_at: f.madeDueAt ?? null,
        recorded_at: f.recordedAt ?? null,
        outcome: f.outcome ?? null,
        on_time: f.onTime ?? null,
        escalated: f.escalated,
        cancelled: f.cancelled ?? false,
      }),
      only?.case_follow_ups,
    ),
    case_deadlines: keyed(
      v.deadlines,
      (_d, i) => i + 1,
      (d, i) => ({
        ...base,
        position: i + 1,
        team: v.team,
        phase: d.phase,
        started_at: d.startedAt,
        due_at: d.dueAt,
        remind_at: d.remindAt ?? null,
        reminded: d.reminded,
        breached: d.breached,
        met: d.met ?? null,
        ended_at: d.endedAt ?? null,
      }),
      only?.case_deadlines,
    ),
    case_visits: keyed(
      v.visits,
      (_x, i) => i + 1,
      (x, i) => ({
        ...base,
        position: i + 1,
        phase: x.phase,
        entered_at: x.enteredAt,
        left_at: x.leftAt ?? null,
        team: v.team,
        definition_key: v.definition.key,
        duration_ms: x.leftAt ? Date.parse(x.leftAt) - Date.parse(x.enteredAt) : null,
        repeated: Boolean(x.leftAt) && (ends.get(x.phase) ?? 0) > 1,
      }),
      only?.case_visits,
    ),
  };
}

/**
 * The rows folding `entries` into `start` (giving `view`) may have changed: what was still live
 * (open tasks, the pending follow-up, the last deadline and visit), what is new, and whatever the
 * entries name. An item done, recorded or left no entry changes again, so the rows a change writes
 * are as few as the change, however many the case has.
 */
export function changedKeys(start: FoldedCase, view: FoldedCase, entries: readonly FoldEntry[]): TableKeys {
  const keys: TableKeys = { case_tasks: new Set(), case_follow_ups: new Set(), case_deadlines: new Set(), case_visits: new Set() };
  const startTasks = new Set(start.tasks.map((t) => t.id));
  for (const t of view.tasks) if (!startTasks.has(t.id) || t.status === 'open') keys.case_tasks.add(t.id);
  for (const t of start.tasks) if (t.status === 'open') keys.case_tasks.add(t.id);
  const startFollowUps = new Set(start.followUps.map((f) => f.n));
  for (const f of view.followUps) if (!startFollowUps.has(f.n)) keys.case_follow_ups.add(String(f.n));
  for (const f of start.followUps) if (!f.recordedAt && !f.cancelled) keys.case_follow_ups.add(String(f.n));
  for (let p = Math.max(1, start.deadlines.length); p <= view.deadlines.length; p++) keys.case_deadlines.add(String(p));
  for (let p = Math.max(1, start.visits.length); p <= view.visits.length; p++) keys.case_visits.add(String(p));
  // A visit that ends makes its phase's ends repeated: only an end that stood alone until now changes.
  for (const p of [...keys.case_visits]) {
    const x = view.visits[Number(p) - 1];
    if (!x?.leftAt) continue;
    const before = start.visits.flatMap((o, i) => (o.leftAt && o.phase === x.phase && i + 1 !== Number(p) ? [i + 1] : []));
    if (before.length === 1) keys.case_visits.add(String(before[0]));
  }
  for (const e of entries) {
    const data = e.data as { taskId?: string; task?: { id?: string }; n?: number; follow_up?: { n?: number }; moved?: { tasks?: { id: string }[]; followUp?: { n: number } } };
    for (const id of [data.taskId, data.task?.id, ...(data.moved?.tasks ?? []).map((t) => t.id)]) if (typeof id === 'string') keys.case_tasks.add(id);
    for (const n of [data.n, data.follow_up?.n, data.moved?.followUp?.n]) if (typeof n === 'number') keys.case_follow_ups.add(String(n));
  }
  return keys;
}
