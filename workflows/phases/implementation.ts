import type { FollowUpInput } from '../../common/messages';
import { recordFollowUpUpdate } from '../../common/messages';
import type { Phase } from '../../common/phases';
import { SYSTEM, type CaseFile } from '../case-file';
import { nowIso } from '../clock';
import { requiredTasksDone } from '../tasks';
import { followUpWindowEnds, makeFollowUpDue } from '../timers';
import { nextCommand, waitUntil } from '../waiting';

/**
 * Implementation ⇄ follow-up: the plan is worked until a follow-up falls due on the risk level's
 * cadence (or the required tasks are all done); the follow-up's outcome decides where the case goes.
 */
export async function implementation(c: CaseFile): Promise<Phase> {
  armFollowUp(c);
  const tasksWereDone = requiredTasksDone(c);
  const followUpDue = () => Boolean(c.pendingFollowUp()?.madeDueAt);
  const tasksJustDone = () => !tasksWereDone && requiredTasksDone(c);
  await waitUntil(c, () => c.inbox.has(recordFollowUpUpdate.name) || followUpDue() || tasksJustDone());
  if (c.inbox.has(recordFollowUpUpdate.name)) return followUpOutcome(c, c.inbox.take<FollowUpInput>(recordFollowUpUpdate.name));
  makeFollowUpDue(c);
  return 'follow_up';
}

export async function followUp(c: CaseFile): Promise<Phase> {
  return followUpOutcome(c, await nextCommand<FollowUpInput>(c, recordFollowUpUpdate));
}

function followUpOutcome(c: CaseFile, { outcome, note, actor }: FollowUpInput): Phase {
  const f = c.pendingFollowUp();
  const onTime = f ? Date.parse(nowIso()) <= Date.parse(followUpWindowEnds(c, f.dueAt)) : undefined;
  c.s.followUp = undefined;
  c.record('follow_up_recorded', actor.id, { n: f?.n, outcome, note, onTime });
  switch (outcome) {
    case 'on_track':
      return 'implementation';
    case 'replan':
      c.s.loops.replans++;
      return 'planning';
    case 'reassess':
      c.s.loops.reassessments++;
      return 'assessment';
    case 'goals_met':
      return c.definition.transition.enabled ? 'transition' : 'evaluation';
  }
}

/** Sets the next follow-up on the cadence of the case's risk level, unless one is already pending. */
function armFollowUp(c: CaseFile): void {
  if (c.pendingFollowUp()) return;
  const cadence = c.definition.follow_up.cadence[c.s.risk?.level ?? 'high'];
  const n = ++c.s.followUpsArmed;
  const due = c.dueIn(cadence);
  c.s.followUp = { n, armedAt: nowIso(), dueAt: due.at, escalated: false };
  c.record('follow_up_scheduled', SYSTEM, { n, cadence, due: due.at, explain: due.text });
}

