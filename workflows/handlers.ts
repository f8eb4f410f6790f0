/**
 * The case's message handlers. Phase commands are handed to the main flow, which carries them
 * out; other commands change the case here. Either way the caller is answered once the change is
 * recorded, with the revision it reached. Each validator asks whether the command fits the case
 * now (validators.ts), then checks the roles and data of the command.
 */
import { setHandler } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { CommandAnswer } from '../common/case-types';
import type { CaseCommand } from '../common/command-fit';
import * as m from '../common/messages';
import { RISK_LEVELS } from '../common/phases';
import { ANNOTATION_TYPES } from '../common/trail-events';
import type { CaseFile } from './case-file';
import { addDocument, addNote, assign } from './commands';
import { extendDeadline, updateCalendar } from './calendar';
import { holdCase, resumeCase } from './hold';
import { overrideRisk } from './risk';
import { routeAddedTask, routeTask } from './routing';
import { addTask, completeTask } from './tasks';
import * as v from './validators';
import { awaitAnswer } from './waiting';
import { childClosed, openChildren, withdrawnByParent } from './children';
import { moveVersion } from './move-version';

type Update<A, N extends CaseCommand> = UpdateDefinition<CommandAnswer, [A], N>;

function setCommandHandler<A>(update: UpdateDefinition<CommandAnswer, [A]>, handler: (input: A) => Promise<CommandAnswer>, validator: (input: A) => void): void {
  setHandler<CommandAnswer, [A], UpdateDefinition<CommandAnswer, [A]>>(update, handler, { validator });
}

/** A command the main flow carries out: post it, await its answer. */
function phaseCommand<A, N extends CaseCommand>(c: CaseFile, update: Update<A, N>, check: (input: A) => void = () => undefined): void {
  setCommandHandler(
    update,
    async (input) => {
      const id = c.inbox.post(update.name, input);
      await awaitAnswer(c, () => c.inbox.answeredThrough >= id);
      return c.answer();
    },
    (input) => {
      v.requireFit(c, update.name);
      v.requireNotPending(c, update.name);
      check(input);
    },
  );
}

/** A command that changes the case here; the main flow then looks again at what it waits for. */
function directCommand<A, N extends CaseCommand>(c: CaseFile, update: Update<A, N>, apply: (input: A) => void, check: (input: A) => void = () => undefined): void {
  setCommandHandler(
    update,
    async (input) => {
      apply(input);
      c.wakeTimers();
      const round = c.inbox.rounds;
      await awaitAnswer(c, () => c.inbox.rounds > round);
      return c.answer();
    },
    check,
  );
}

/** Closes the case; with open children, only as the person chose, withdrawing them as it ends. */
function closeWithChildren(c: CaseFile, reason: string, actor: string, withdrawChildren?: boolean): void {
  const open = openChildren(c);
  if (withdrawChildren && open.length > 0) {
    c.s.withdrawingChildren = { reason: `the parent case ${c.id} was closed: ${reason}`, by: actor };
    c.record('children_withdrawn', actor, { caseIds: open.map((ch) => ch.caseId) });
  }
  c.close('withdrawn', reason, actor);
}

export function registerHandlers(c: CaseFile): void {
  setHandler(m.caseOpenedUpdate, async () => {
    await awaitAnswer(c, () => c.inbox.rounds > 0);
    return c.answer();
  });

  phaseCommand(c, m.screenUpdate, ({ reason }) => v.requireText(reason, 'reason', 'the reason for the decision'));
  phaseCommand(c, m.assessUpdate, ({ data }) => v.requireForm(c, 'assessment', data));
  phaseCommand(c, m.planUpdate, ({ goals, tasks }) => {
    goals?.forEach((g, i) => v.requireText(g, `goals[${i}]`, 'the goal'));
    if (tasks) v.requireTasks(c, tasks, 'tasks');
  });
  phaseCommand(c, m.approvePlanUpdate, ({ approved, reason, actor }) => {
    v.requireRole(actor, ['supervisor'], 'approve a plan');
    if (approved === false) v.requireText(reason, 'reason', 'the reason the plan goes back');
  });
  phaseCommand(c, m.recordFollowUpUpdate);
  phaseCommand(c, m.transitionUpdate, ({ data }) => v.requireForm(c, 'transition', data));
  phaseCommand(c, m.contactUpdate, ({ data }) => v.requireForm(c, 'contact', data));
  phaseCommand(c, m.evaluationUpdate, ({ data }) => v.requireForm(c, 'evaluation', data));

  directCommand(c, m.overrideRiskUpdate, ({ level, reason, actor }) => overrideRisk(c, level, reason, actor.id), ({ level, reason, actor }) => {
    v.requireFit(c, m.overrideRiskUpdate.name, { level });
    v.requireRole(actor, [c.definition.risk.override_role], 'override the risk level of this kind of case');
    if (!RISK_LEVELS.includes(level)) throw v.invalidData([{ field: 'level', message: `must be one of ${RISK_LEVELS.join(', ')}` }]);
    v.requireText(reason, 'reason', 'the reason for the override');
  });
  // The task is given out by the phase's routing before the answer, so the caller sees who has it.
  setCommandHandler(
    m.addTaskUpdate,
    async ({ actor, ...draft }) => {
      await routeAddedTask(c, addTask(c, draft, actor.id));
      c.wakeTimers();
      const round = c.inbox.rounds;
      await awaitAnswer(c, () => c.inbox.rounds > round);
      return c.answer();
    },
    (draft) => {
      v.requireFit(c, m.addTaskUpdate.name);
      v.requireTasks(c, [draft], '');
    },
  );
  directCommand(c, m.completeTaskUpdate, ({ taskId, outcome, note, actor }) => completeTask(c, taskId, actor.id, outcome, note), ({ taskId }) => {
    v.requireFit(c, m.completeTaskUpdate.name, { taskId });
  });
  directCommand(c, m.addNoteUpdate, (input) => addNote(c, input), ({ text }) => {
    v.requireFit(c, m.addNoteUpdate.name);
    v.requireText(text, 'text', 'the text of the note');
  });
  directCommand(c, m.addDocumentUpdate, (input) => addDocument(c, input), (input) => {
    v.requireFit(c, m.addDocumentUpdate.name);
    v.requireDocument(input);
  });
  directCommand(c, m.assignUpdate, (input) => assign(c, input), ({ assignee }) => {
    v.requireFit(c, m.assignUpdate.name, { assignee });
    v.requireText(assignee, 'assignee', 'who the case goes to');
  });
  directCommand(c, m.routeTaskUpdate, (input) => routeTask(c, input), ({ taskId, assignee, reason }) => {
    v.requireFit(c, m.routeTaskUpdate.name, { taskId, assignee });
    v.requireText(reason, 'reason', 'why the task goes where it goes');
  });
  directCommand(c, m.holdUpdate, ({ reason, actor }) => holdCase(c, reason, actor.id), ({ reason }) => {
    v.requireFit(c, m.holdUpdate.name);
    v.requireText(reason, 'reason', 'the reason for the hold');
  });
  directCommand(c, m.resumeUpdate, ({ actor }) => resumeCase(c, actor.id), () => v.requireFit(c, m.resumeUpdate.name));
  directCommand(c, m.extendDeadlineUpdate, ({ by, reason, actor }) => extendDeadline(c, by, reason, actor.id), ({ by, reason, actor }) => {
    v.requireFit(c, m.extendDeadlineUpdate.name);
    v.requireRole(actor, ['supervisor'], 'extend a deadline');
    v.requireExtension(c, by, reason);
  });
  // Sent by the API when a new version of the case's calendar is published, not by people.
  setCommandHandler(
    m.useCalendarUpdate,
    async ({ calendar, actor }) => {
      updateCalendar(c, calendar, actor.id);
      c.wakeTimers();
      const round = c.inbox.rounds;
      await awaitAnswer(c, () => c.inbox.rounds > round);
      return c.answer();
    },
    ({ calendar }) => v.requireNewerCalendar(c, calendar),
  );
  directCommand(c, m.annotateUpdate, ({ annotation, actor }) => c.record(annotation.type, actor.id, annotation.data), ({ annotation }) => {
    v.requireFit(c, m.annotateUpdate.name);
    if (!ANNOTATION_TYPES.includes(annotation?.type)) throw v.invalidData([{ field: 'annotation.type', message: `must be one of ${ANNOTATION_TYPES.join(', ')}` }]);
  });
  directCommand(c, m.closeUpdate, ({ reason, actor, withdrawChildren }) => closeWithChildren(c, reason, actor.id, withdrawChildren), ({ reason, withdrawChildren }) => {
    v.requireFit(c, m.closeUpdate.name);
    v.requireText(reason, 'reason', 'the reason for closing the case');
    const open = openChildren(c);
    if (open.length > 0 && !withdrawChildren) {
      throw v.invalidTransition(`the case has open child cases: ${open.map((ch) => ch.caseId).join(', ')}; close them first, or send withdrawChildren: true to withdraw them with it`);
    }
  });
  setHandler(m.childClosedSignal, (input) => childClosed(c, input));
  // The move loads the new version first, so it is not a direct command; it answers as one does.
  setCommandHandler(
    m.moveVersionUpdate,
    async ({ definition, reason, actor }) => {
      await moveVersion(c, definition, reason, actor.id);
      const round = c.inbox.rounds;
      await awaitAnswer(c, () => c.inbox.rounds > round);
      return c.answer();
    },
    ({ definition, reason, actor }) => {
      v.requireFit(c, m.moveVersionUpdate.name);
      v.requireRole(actor, ['designer'], 'move a case to another version of its definition');
      v.requireText(reason, 'reason', 'the reason for the move');
      if (definition?.key !== c.input.definition.key) throw v.invalidData([{ field: 'definition.key', message: `the case runs by ${c.input.definition.key}` }]);
      if (!(definition.version > c.input.definition.version)) throw v.invalidTransition(`the case runs by version ${c.input.definition.version}; it moves only to a newer one`);
    },
  );
  setHandler(m.withdrawnByParentSignal, (input) => withdrawnByParent(c, input));
}
