/**
 * Where the time of one command sent alone goes. For each command, the client's moments (sent,
 * answered) are set against its workflow task's, read from the workflow's history (scheduled when
 * the server took the update in, started when a worker's poll took the task, completed when the
 * worker answered with its commands): one machine, one clock. So a command's time splits into the
 * way in (the client, and for a case the API before it sends the update), the hand-over to a
 * worker, the worker's task (for a case: the validator, the phase's code and the recording) and
 * the way back (for a case: the API reading the view it answers with).
 */
import type { WorkflowHandle } from '@temporalio/client';
import { percentile } from './load';

export interface Timeline {
  commands: number;
  /** p50 of each stretch, in ms. */
  p50Ms: { in: number; handOver: number; workerTask: number; back: number; all: number };
}

type Stamp = { seconds?: unknown; nanos?: number | null } | null | undefined;
const ms = (t: Stamp) => Number(t?.seconds ?? 0) * 1000 + (t?.nanos ?? 0) / 1e6;
const now = () => performance.timeOrigin + performance.now();
const p50 = (xs: number[]) => Math.round(percentile([...xs].sort((a, b) => a - b), 50) * 100) / 100;

export async function timeline(handle: WorkflowHandle, commands: number, send: () => Promise<unknown>): Promise<Timeline> {
  const before = (await handle.describe()).historyLength;
  const sent: Array<{ at: number; answered: number }> = [];
  for (let i = 0; i < commands; i++) {
    const at = now();
    await send();
    sent.push({ at, answered: now() });
  }
  const { events } = await handle.fetchHistory();
  const tasks: Array<{ scheduled: number; started?: number; completed?: number }> = [];
  for (const e of events ?? []) {
    if (Number(e.eventId) <= before) continue;
    if (e.workflowTaskScheduledEventAttributes) tasks.push({ scheduled: ms(e.eventTime) });
    else if (e.workflowTaskStartedEventAttributes && tasks.length) tasks[tasks.length - 1].started = ms(e.eventTime);
    else if (e.workflowTaskCompletedEventAttributes && tasks.length) tasks[tasks.length - 1].completed = ms(e.eventTime);
  }
  if (tasks.length !== commands) throw new Error(`expected one workflow task per command alone, found ${tasks.length} for ${commands} commands`);
  const stretches = tasks.map((task, i) => ({
    in: task.scheduled - sent[i].at,
    handOver: task.started! - task.scheduled,
    workerTask: task.completed! - task.started!,
    back: sent[i].answered - task.completed!,
    all: sent[i].answered - sent[i].at,
  }));
  const of = (k: keyof (typeof stretches)[number]) => p50(stretches.map((s) => s[k]));
  return { commands, p50Ms: { in: of('in'), handOver: of('handOver'), workerTask: of('workerTask'), back: of('back'), all: of('all') } };
}
