/**
 * The case's message handlers. Phase commands are handed to the main flow, which carries them
 * out; other commands change the case here. Either way the caller is answered once the change is
 * recorded, with the revision it reached.
 */
import { condition, setHandler } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { CommandAnswer } from '../common/case-types';
import * as m from '../common/messages';
import { RISK_LEVELS } from '../common/phases';
import type { CaseFile } from './case-file';
import { nowIso } from './clock';
import { holdCase, resumeCase } from './hold';
import { overrideRisk } from './risk';
import { addTask, completeTask } from './tasks';
import * as v from './validators';

/** Waits, counted as a caller waiting for an answer, until the command is settled. */
async function answered(c: CaseFile, settled: () => boolean): Promise<void> {
  c.answering++;
  try {
    await condition(settled);
  } finally {
    c.answering--;
  }
}

/** A command the main flow carries out: post it, wait until it is settled, answer. */
function phaseCommand<A>(c: CaseFile, def: UpdateDefinition<CommandAnswer, [A]>) {
  return async (input: A): Promise<CommandAnswer> => {
    const id = c.inbox.post(def.name, input);
    await answered(c, () => c.inbox.settledThrough >= id);
    return c.answer();
  };
}

/** A command that changes the case here; the main flow then looks again at what it waits for. */
function directCommand<A>(c: CaseFile, apply: (input: A) => void) {
  return async (input: A): Promise<CommandAnswer> => {
    apply(input);
    c.wakeTimers();
    const settles = c.inbox.settles;
    await answered(c, () => c.inbox.settles > settles);
    return c.answer();
  };
}

export function registerHandlers(c: CaseFile): void {
  setHandler(m.caseViewQuery, () => c.view());

  setHandler(m.caseOpenedUpdate, async () => {
    await answered(c, () => c.inbox.settles > 0);
    return c.answer();
  });

  setHandler(m.screenUpdate, phaseCommand(c, m.screenUpdate), {
    validator: ({ reason }) => {
      v.requirePhase(c, m.screenUpdate.name, 'screening');
      v.requireText(reason, 'reason', 'the reason for the decision');
    },
  });

  setHandler(m.assessUpdate, phaseCommand(c, m.assessUpdate), {
    validator: ({ data }) => {
      v.requirePhase(c, m.assessUpdate.name, 'assessment');
      v.requireForm(c, 'assessment', data);
    },
  });

  setHandler(m.overrideRiskUpdate, directCommand(c, ({ level, reason, actor }) => overrideRisk(c, level, reason, actor.id)), {
    validator: ({ level, reason, actor }) => {
      v.requireActive(c, m.overrideRiskUpdate.name);
      if (!c.s.risk) throw v.invalidTransition('the case has no risk level until it is assessed');
      v.requireRole(actor, [c.definition.risk.override_role], 'override the risk level of this kind of case');
      if (!RISK_LEVELS.includes(level)) throw v.invalidData([{ field: 'level', message: `must be one of ${RISK_LEVELS.join(', ')}` }]);
      if (level === c.s.risk.level) throw v.invalidData([{ field: 'level', message: `the risk level is ${level} already` }]);
      v.requireText(reason, 'reason', 'the reason for the override');
    },
  });

  setHandler(m.planUpdate, phaseCommand(c, m.planUpdate), {
    validator: ({ goals, tasks }: m.PlanInput) => {
      v.requirePhase(c, m.planUpdate.name, 'planning');
      goals?.forEach((g, i) => v.requireText(g, `goals[${i}]`, 'the goal'));
      if (tasks) v.requireTasks(tasks, 'tasks');
    },
  });

  setHandler(m.approvePlanUpdate, phaseCommand(c, m.approvePlanUpdate), {
    validator: ({ approved, reason, actor }) => {
      v.requirePhase(c, m.approvePlanUpdate.name, 'approval');
      v.requireRole(actor, ['supervisor'], 'approve a plan');
      if (approved === false) v.requireText(reason, 'reason', 'the reason the plan goes back');
    },
  });

  setHandler(m.addTaskUpdate, directCommand(c, ({ actor, ...draft }) => addTask(c, draft, actor.id)), {
    validator: (draft) => {
      v.requireActive(c, m.addTaskUpdate.name);
      if (!['approval', 'implementation', 'follow_up'].includes(c.s.phase)) {
        throw v.invalidTransition(`tasks are added once the case has a plan; the case is in ${c.s.phase}`);
      }
      v.requireTasks([draft], '');
    },
  });

  setHandler(m.completeTaskUpdate, directCommand(c, ({ taskId, outcome, note, actor }) => completeTask(c, taskId, actor.id, outcome, note)), {
    validator: ({ taskId }) => {
      v.requireActive(c, m.completeTaskUpdate.name);
      const task = c.s.tasks.find((t) => t.id === taskId);
      if (!task) throw v.invalidData([{ field: 'taskId', message: `the case has no task '${taskId}'` }]);
      if (task.status !== 'open') throw v.invalidTransition(`task ${taskId} is ${task.status} already`);
    },
  });

  setHandler(m.recordFollowUpUpdate, phaseCommand(c, m.recordFollowUpUpdate), {
    validator: (_input: m.FollowUpInput) => v.requirePhase(c, m.recordFollowUpUpdate.name, 'implementation', 'follow_up'),
  });

  for (const [update, phase] of [
    [m.transitionUpdate, 'transition'],
    [m.contactUpdate, 'contact'],
    [m.evaluationUpdate, 'evaluation'],
  ] as const) {
    setHandler(update, phaseCommand(c, update), {
      validator: ({ data }) => {
        v.requirePhase(c, update.name, phase);
        if (phase === 'transition' && c.s.forms.transition) {
          throw v.invalidTransition(`the transition is recorded; the post-transition contact is due at ${c.s.contactDueAt}`);
        }
        v.requireForm(c, phase, data);
      },
    });
  }

  setHandler(m.addNoteUpdate, directCommand(c, ({ text, actor }) => {
    const note = { id: c.nextId('n'), text, by: actor.id, at: nowIso() };
    c.s.notes.push(note);
    c.record('note_added', actor.id, { noteId: note.id, text });
  }), {
    validator: ({ text }) => {
      v.requireOpen(c, m.addNoteUpdate.name);
      v.requireText(text, 'text', 'the text of the note');
    },
  });

  setHandler(m.addDocumentUpdate, directCommand(c, ({ actor, documentId, sha256, size, fileName, contentType, title }) => {
    c.s.documents.push({ id: documentId, sha256, size, fileName, ...(title ? { title } : {}), by: actor.id, at: nowIso() });
    c.record('document_added', actor.id, { documentId, sha256, size, fileName, contentType, ...(title ? { title } : {}) });
  }), {
    validator: ({ documentId, sha256, size, fileName, contentType }) => {
      v.requireOpen(c, m.addDocumentUpdate.name);
      v.requireText(documentId, 'documentId', 'the id of the document');
      if (!/^[0-9a-f]{64}$/.test(sha256 ?? '')) throw v.invalidData([{ field: 'sha256', message: 'must be a SHA-256 in lowercase hex' }]);
      if (!Number.isSafeInteger(size) || size < 0) throw v.invalidData([{ field: 'size', message: 'must be a whole number of bytes' }]);
      v.requireText(fileName, 'fileName', 'the name of the file');
      v.requireText(contentType, 'contentType', 'the content type of the file');
      if (c.s.documents.some((d) => d.id === documentId)) throw v.invalidData([{ field: 'documentId', message: `the case has a document '${documentId}' already` }]);
    },
  });

  setHandler(m.assignUpdate, directCommand(c, ({ assignee, actor }) => {
    const from = c.s.assignee;
    c.s.assignee = assignee;
    c.record('case_assigned', actor.id, { from, to: assignee });
  }), {
    validator: ({ assignee }) => {
      v.requireOpen(c, m.assignUpdate.name);
      v.requireText(assignee, 'assignee', 'who the case goes to');
      if (assignee === c.s.assignee) throw v.invalidData([{ field: 'assignee', message: `the case is assigned to ${assignee} already` }]);
    },
  });

  setHandler(m.holdUpdate, directCommand(c, ({ reason, actor }) => holdCase(c, reason, actor.id)), {
    validator: ({ reason }) => {
      v.requireActive(c, m.holdUpdate.name);
      v.requireText(reason, 'reason', 'the reason for the hold');
    },
  });

  setHandler(m.resumeUpdate, directCommand(c, ({ actor }) => resumeCase(c, actor.id)), {
    validator: (_input: m.ResumeInput) => {
      v.requireOpen(c, m.resumeUpdate.name);
      if (c.s.status !== 'on_hold') throw v.invalidTransition('the case is not on hold');
    },
  });

  setHandler(m.closeUpdate, directCommand(c, ({ reason, actor }) => c.close('withdrawn', reason, actor.id)), {
    validator: ({ reason }) => {
      v.requireOpen(c, m.closeUpdate.name);
      v.requireText(reason, 'reason', 'the reason for closing the case');
    },
  });
}
