/**
 * Where the time of one command sent alone goes. For each command, the client's moments (sent,
 * answered) are set against its workflow task's, read from the workflow's history (scheduled when
 * the server took the update in, started when a worker's poll took the task, completed when the
 * worker answered with its commands): one machine, one clock. So a command's time splits into the
 * way in (the client, and for a case the API before it sends the update), the hand-over to a
 * worker, the worker's task (for a case: the validator, the phase's code and the recording) and
 * the way back (for a case: the API reading the view it answers with). The worker's task splits
 * again where its local activity finished (the marker says when): before, the update's validator
 * and handler and the activity itself; after, the rest of the task and its completion. A case that rolls over
 * meanwhile is followed into its next run.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { percentile } from './load';

export interface Timeline {
  commands: number;
  /** p50 of each stretch, in ms. */
  p50Ms: { in: number; handOver: number; workerTask: number; toLocalActivityDone: number; afterLocalActivity: number; back: number; all: number };
}

type Stamp = { seconds?: unknown; nanos?: number | null } | null | undefined;
interface Task {
  scheduled: number;
  started: number;
  completed: number;
  /** When the task's local activity (the floor's, or a case's recording) finished, by the worker's clock; from the marker. */
  localActivityDone?: number;
}

const ms = (t: Stamp) => Number(t?.seconds ?? 0) * 1000 + (t?.nanos ?? 0) / 1e6;
const now = () => performance.timeOrigin + performance.now();
const p50 = (xs: number[]) => Math.round(percentile([...xs].sort((a, b) => a - b), 50) * 100) / 100;

/** The local activity marker's `complete_time` (the SDK's core writes its data as JSON). */
function markerDone(marker: temporal.api.history.v1.IMarkerRecordedEventAttributes): number | undefined {
  const data = marker.details?.data?.payloads?.[0]?.data;
  if (!data) return undefined;
  const time = (JSON.parse(Buffer.from(data).toString()) as { complete_time?: Stamp }).complete_time;
  return time ? ms(time) : undefined;
}

/** The workflow tasks completed after event `after` of run `runId`, and of the runs it continued as. */
async function tasksSince(handle: WorkflowHandle, runId: string, after: number): Promise<Task[]> {
  const tasks: Task[] = [];
  for (let run: string | undefined = runId, from = after; run; from = 0) {
    const history: temporal.api.history.v1.IHistory = await handle.client.getHandle(handle.workflowId, run).fetchHistory();
    const events = history.events ?? [];
    run = undefined;
    let open: Partial<Task> = {};
    for (const e of events) {
      const next: string | null | undefined = e.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
      if (next) run = next;
      if (Number(e.eventId) <= from) continue;
      if (e.workflowTaskScheduledEventAttributes) open = { scheduled: ms(e.eventTime) };
      else if (e.workflowTaskStartedEventAttributes) open.started = ms(e.eventTime);
      else if (e.workflowTaskCompletedEventAttributes && open.scheduled !== undefined && open.started !== undefined) tasks.push({ ...open, completed: ms(e.eventTime) } as Task);
      else if (e.markerRecordedEventAttributes && tasks.length) tasks[tasks.length - 1].localActivityDone ??= markerDone(e.markerRecordedEventAttributes);
    }
  }
  return tasks;
}

export async function timeline(handle: WorkflowHandle, commands: number, send: () => Promise<unknown>): Promise<Timeline> {
  const { runId, historyLength } = await handle.describe();
  const sent: Array<{ at: number; answered: number }> = [];
  for (let i = 0; i < commands; i++) {
    const at = now();
    await send();
    sent.push({ at, answered: now() });
  }
  const tasks = await tasksSince(handle, runId, historyLength);
  // A command's task is the first one the server scheduled between its sending and its answer.
  const stretches = sent.flatMap(({ at, answered }) => {
    const task = tasks.find((t) => t.scheduled >= at && t.completed <= answered);
    if (!task) return [];
    const done = task.localActivityDone ?? task.completed;
    return [{ in: task.scheduled - at, handOver: task.started - task.scheduled, workerTask: task.completed - task.started, toLocalActivityDone: done - task.started, afterLocalActivity: task.completed - done, back: answered - task.completed, all: answered - at }];
  });
  if (stretches.length < commands * 0.9) throw new Error(`only ${stretches.length} of ${commands} commands sent alone were found in their workflow's history`);
  const of = (k: keyof (typeof stretches)[number]) => p50(stretches.map((s) => s[k]));
  const p50Ms = { in: of('in'), handOver: of('handOver'), workerTask: of('workerTask'), toLocalActivityDone: of('toLocalActivityDone'), afterLocalActivity: of('afterLocalActivity'), back: of('back'), all: of('all') };
  return { commands: stretches.length, p50Ms };
}
