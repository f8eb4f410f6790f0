/**
 * The case's message handlers. Validators check synchronously and throw typed failures, so a
 * refused command never reaches history; handlers hand phase commands to the main flow and answer
 * with the case's state once the command is carried out and recorded.
 */
import { ApplicationFailure, condition, setHandler } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { CaseView } from '../common/case-types';
import { FAILURE_TYPES, type FieldError } from '../common/errors';
import type { Phase } from '../common/phases';
import * as m from '../common/messages';
import type { CaseFile } from './case-file';

export function invalidTransition(message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, FAILURE_TYPES.InvalidTransition);
}

export function invalidData(errors: FieldError[]): ApplicationFailure {
  const message = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  return ApplicationFailure.create({ message, type: FAILURE_TYPES.InvalidData, nonRetryable: true, details: errors });
}

function requirePhase(c: CaseFile, command: string, ...phases: Phase[]): void {
  if (c.closed) throw invalidTransition(`the case is closed; it takes no '${command}'`);
  if (c.s.status === 'on_hold') throw invalidTransition(`the case is on hold; resume it before '${command}'`);
  if (!phases.includes(c.s.phase)) {
    throw invalidTransition(`'${command}' fits the ${phases.join(' or ')} phase; the case is in ${c.s.phase}`);
  }
  if (c.inbox.has(command)) throw invalidTransition(`a '${command}' command is already being carried out`);
}

/** A handler for a command the main flow carries out: post it, wait until it is settled, answer. */
function phaseCommand<A>(c: CaseFile, def: UpdateDefinition<CaseView, [A]>) {
  return async (input: A): Promise<CaseView> => {
    const id = c.inbox.post(def.name, input);
    await condition(() => c.inbox.settledThrough >= id);
    return c.view();
  };
}

export function registerHandlers(c: CaseFile): void {
  setHandler(m.caseViewQuery, () => c.view());

  setHandler(m.caseOpenedUpdate, async () => {
    await condition(() => c.inbox.settles > 0);
    return c.view();
  });

  setHandler(m.screenUpdate, phaseCommand(c, m.screenUpdate), {
    validator: (input) => {
      requirePhase(c, m.screenUpdate.name, 'screening');
      if (!input.reason?.trim()) throw invalidData([{ field: 'reason', message: 'give the reason for the decision' }]);
    },
  });
}
