/**
 * Every change a running case depends on, by the id its `patched()` marker carries. A case that ran
 * a branch before its patch replays that branch, so the branch stays until no open case lacks the
 * marker: `npm run patches:check` asks Temporal's visibility (`TemporalChangeVersion`) which do.
 * Pure data, so the check script can read it without loading workflow code.
 */
export interface CasePatch {
  id: string;
  /** What a case without the marker does, in the old branch the patch keeps. */
  oldBranch: string;
}

/** Cases begun before writes were split by who waits for them replay the way they ran. */
export const SERIAL_RECORDING_PATCH = 'serial-recording-by-waiter';
/** Runs begun before a withdrawal cancelled the pending follow-up close as they did, without cancelling it. */
export const CANCEL_FOLLOW_UP_ON_CLOSE_PATCH = 'cancel-follow-up-on-close';
/** Cases begun before the alarm replay with a timer per wait. */
export const SINGLE_ALARM_PATCH = 'single-alarm';
/** Rules evaluated before expressions had a step budget replay without it. */
export const BOUNDED_RULES_PATCH = 'bounded-rules';
/**
 * Runs begun before roll-over carried undelivered notifications waited for every one of them, and
 * checked the limit only between phases; they replay, and finish their roll-over, that way.
 */
export const QUICK_ROLL_OVER_PATCH = 'quick-roll-over';
/**
 * Marks runs whose commands answered with a revision. Runs begun before answered with the whole
 * view; a case keeps no view now, so they too answer with the revision, and the API reads the view
 * from the read model either way. The marker stays, as their histories have it where it was.
 */
export const SMALL_ANSWERS_PATCH = 'small-answers';
/** Cases begun before urgency was kept set no timer for its thresholds. */
export const URGENCY_TIMERS_PATCH = 'urgency-timers';
/** Cases of definitions with `routing` assign owners and new tasks by asking an activity; runs begun before never did. */
export const ROUTING_PATCH = 'routing';
/** Tasks added to a running case (`POST /cases/:id/tasks`) are routed by the rule of the phase they are added in; runs begun before left them where they were put. */
export const ADDED_TASK_ROUTING_PATCH = 'added-task-routing';
/** An owner rule of `queue` clears the case's owner when it enters the phase; runs begun before kept the owner. */
export const OWNER_TO_QUEUE_PATCH = 'owner-to-queue';

export const CASE_PATCHES: readonly CasePatch[] = [
  { id: SERIAL_RECORDING_PATCH, oldBranch: 'records each change at once instead of batching writes by who waits for them' },
  { id: CANCEL_FOLLOW_UP_ON_CLOSE_PATCH, oldBranch: 'closes without cancelling a pending follow-up' },
  { id: SINGLE_ALARM_PATCH, oldBranch: 'starts a timer for every wait instead of one alarm' },
  { id: BOUNDED_RULES_PATCH, oldBranch: 'evaluates rules without a step budget' },
  { id: QUICK_ROLL_OVER_PATCH, oldBranch: 'waits for every notification before rolling over, and checks the history limit only between phases' },
  { id: ROUTING_PATCH, oldBranch: 'leaves owners and new tasks as they are, whatever the definition routes' },
  { id: SMALL_ANSWERS_PATCH, oldBranch: 'none left: the marker only stays where histories have it' },
  { id: URGENCY_TIMERS_PATCH, oldBranch: 'sets no timer for the urgency thresholds of its deadline' },
  { id: ADDED_TASK_ROUTING_PATCH, oldBranch: 'leaves a task added to the running case where it was put, whatever the phase routes' },
  { id: OWNER_TO_QUEUE_PATCH, oldBranch: "keeps the case's owner when it enters a phase whose owner rule is queue" },
];
