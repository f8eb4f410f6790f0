/**
 * A closed case started again: its new run records the reopening and enters the phase the
 * definition names, whose deadline starts then. The run carries the reopening in its input, and
 * so do the runs it continues as new into; only a run that finds its case closed acts on it.
 */
import type { CaseInput } from '../common/case-types';
import type { CaseFile } from './case-file';

export function reopen(c: CaseFile, reopened: NonNullable<CaseInput['reopened']>): void {
  if (!c.closed) return;
  const { by, reason, phase, closure, closedAt } = reopened;
  c.s.status = 'open';
  c.s.closure = undefined;
  c.s.closedAt = undefined;
  c.s.hold = undefined;
  c.record('case_reopened', by, { reason, phase, closure, closedAt, version: c.input.definition.version });
  c.enter(phase, by);
}
