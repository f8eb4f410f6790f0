/**
 * A case, from its request to its closing, as one durable workflow. Each phase is a function that
 * reads like the process and returns the phase that comes next; people act through updates, and
 * every wait is durable. The loop between implementation and follow-up lives in phases/implementation.ts.
 */
import { patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { CaseAnswer, CaseInput } from '../common/case-types';
import { FAILURE_TYPES } from '../common/errors';
import type { DefinitionRef } from '../common/definition-schema';
import type { Phase } from '../common/phases';
import { CaseFile } from './case-file';
import { registerHandlers } from './handlers';
import { resumeDeliveries } from './notify';
import { publish } from './publish';
import { reopen } from './reopen';
import { settleFamily } from './children';
import { rollOver, rollOverDue, settleForEnd } from './roll-over';
import { routeOwner } from './routing';
import { CaseEnded } from './waiting';
import { assessment } from './phases/assessment';
import { contact, evaluation, transition } from './phases/closing';
import { followUp, implementation } from './phases/implementation';
import { approval, planning } from './phases/planning';
import { screening } from './phases/screening';
import { SMALL_ANSWERS_PATCH } from './patches';

const PHASE_STEPS: Record<Exclude<Phase, 'closed'>, (c: CaseFile) => Promise<Phase>> = {
  screening,
  assessment,
  planning,
  approval,
  implementation,
  follow_up: followUp,
  transition,
  contact,
  evaluation,
};

const IMPLEMENTATION_LOOP: Phase[] = ['implementation', 'follow_up'];

const { produceCaseReport } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

// A local activity: the case's first workflow task loads its definition without a round trip. Past
// a few seconds of failed tries (its worker cannot reach the database), it waits for the next try
// on a timer rather than inside its workflow task, so commands meanwhile are refused as busy at once.
const { loadDefinition, loadCalendar } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10s',
  localRetryThreshold: '2s',
  retry: { initialInterval: '100ms', backoffCoefficient: 2, maximumInterval: '10s', nonRetryableErrorTypes: [FAILURE_TYPES.DefinitionUnavailable, FAILURE_TYPES.CalendarUnavailable] },
});

export async function caseWorkflow(input: CaseInput): Promise<CaseAnswer> {
  const c = new CaseFile(input);
  patched(SMALL_ANSWERS_PATCH);
  // Handlers come first: the update the case was opened with arrives in this first task.
  registerHandlers(c);
  if (!c.ready) c.useDefinition(await loadDefinition(definitionRef(input)));
  // The calendar version the case counts on: the one it started with, or a later one it was sent.
  if (c.s.calendar) c.useCalendar(await loadCalendar(c.s.calendar));
  // Notifications the run before had not delivered yet go on from where they were.
  if (input.owed) resumeDeliveries(c, input.owed, () => publish(c, 'background'));
  if (input.reopened) reopen(c, input.reopened);
  if (!input.carried) {
    const { title, subject, team, assignee, intake, number, definition } = input;
    const opened = { title, definition: definition.key, version: definition.version };
    const calendar = input.calendar && { key: input.calendar.key, version: input.calendar.version };
    // The entry carries what the case's view starts from; notifications see what they always saw.
    c.recordAndAnnounce('case_opened', input.openedBy.id, { ...opened, number, team, intake, ...(subject ? { subject } : {}), ...(assignee ? { assignee } : {}), ...(calendar ? { calendar } : {}) }, undefined, opened);
    c.enter('screening', input.openedBy.id);
  }
  try {
    while (c.s.phase !== 'closed') {
      const next = await PHASE_STEPS[c.s.phase](c);
      if (next === 'closed' || c.closed) break;
      if (IMPLEMENTATION_LOOP.includes(c.s.phase) && !IMPLEMENTATION_LOOP.includes(next)) c.cancelFollowUp();
      c.enter(next);
      await routeOwner(c, next);
      if (rollOverDue(c)) await rollOver(c);
    }
  } catch (err) {
    if (!(err instanceof CaseEnded)) throw err;
  }
  await settleFamily(c);
  await settleForEnd(c);
  if (c.s.closure === 'completed') await report(c);
  return c.answer();
}

/** The case's report is made once it is evaluated and closed, after its last command is answered. */
async function report(c: CaseFile): Promise<void> {
  const produced = await produceCaseReport({ caseId: c.id });
  c.record('report_produced', 'system', { cycleHours: produced.cycleHours });
  await publish(c);
}

function definitionRef({ definition: { key, version, hash } }: CaseInput): DefinitionRef {
  return { key, version, hash };
}
