/**
 * Keeps a command out of a workflow task in which the case has already acted on something else.
 *
 * Temporal SDK 1.24 hands a running workflow the events of a task (a timer that fired, an activity
 * that ended) in one activation and a command that arrived with them in a later one, so the case's
 * reaction to the events is recorded before the command's acceptance; a replay hands both over in
 * one activation, command first, and fails as nondeterministic (README, Known limits). A command
 * that arrives after the case has issued commands in the same task is therefore refused as busy,
 * before it reaches history, and the API sends it again in a moment. Validators do not run on
 * replay, so the refusal never changes how a history replays.
 */
import {
  workflowInfo,
  type ConcludeActivationInput,
  type ConcludeActivationOutput,
  type Next,
  type WorkflowInterceptorsFactory,
  type WorkflowInternalsInterceptor,
} from '@temporalio/workflow';

/** The history length seen by the last activation in which the case issued commands. */
let actedAt = Number.NEGATIVE_INFINITY;

/**
 * A later workflow task starts at least this many events after one that issued commands (its
 * completion, an event per command, the next task's scheduling and start), while the activations
 * of one task see lengths closer together than that.
 */
const NEXT_TASK_MIN_EVENTS = 3;

/**
 * A query's answer and an update's refusal leave no event, and a task that only refused an update
 * is dropped altogether: the next task then starts where it did, and must not look busy.
 */
const leavesEvents = (command: ConcludeActivationInput['commands'][number]): boolean => !command.respondToQuery && !command.updateResponse?.rejected;

class TaskGuard implements WorkflowInternalsInterceptor {
  concludeActivation(input: ConcludeActivationInput, next: Next<WorkflowInternalsInterceptor, 'concludeActivation'>): ConcludeActivationOutput {
    if (input.commands.some(leavesEvents)) actedAt = workflowInfo().historyLength;
    return next(input);
  }
}

/** Whether the case already issued commands in the workflow task now running. */
export const actedInThisTask = (): boolean => workflowInfo().historyLength - actedAt < NEXT_TASK_MIN_EVENTS;

export const interceptors: WorkflowInterceptorsFactory = () => ({ internals: [new TaskGuard()] });
