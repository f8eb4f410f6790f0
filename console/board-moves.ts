/**
 * The board's moves: one row per drop of a card from one phase's column onto another's that the
 * board allows, and the command it runs. Whether a row fits a case now is decided by the one "which
 * command fits" function (common/command-fit.ts), as for the case page, and who may run it by the
 * API's own command table, so the board offers no move the API would refuse. Any other drop is
 * refused with the reason.
 */
import type { UpdateDefinition } from '@temporalio/common';
import type { CaseRow, CommandAnswer } from '../common/case-types';
import { commandRefusal, type CaseCommand } from '../common/command-fit';
import * as m from '../common/messages';
import type { Phase, Role } from '../common/phases';
import { CASE_COMMANDS as API_COMMANDS } from '../api/schemas/case-commands';

export interface BoardMove {
  from: Phase;
  to: Phase;
  /** What the move does, in words. */
  label: string;
  command: CaseCommand;
  update: UpdateDefinition<CommandAnswer, [never]>;
  /** The text the move asks for before it runs, and whether it must be given. */
  asks?: { name: 'reason' | 'note'; label: string; required: boolean };
  /** The command's arguments, from the text asked for. */
  args(text: string | undefined): Record<string, unknown>;
}

const u = (update: unknown) => update as BoardMove['update'];

export const BOARD_MOVES: readonly BoardMove[] = [
  { from: 'screening', to: 'assessment', label: 'Accept the request', command: 'screen', update: u(m.screenUpdate), asks: { name: 'reason', label: 'Reason for accepting', required: true }, args: (reason) => ({ decision: 'accept', reason }) },
  { from: 'screening', to: 'closed', label: 'Screen out', command: 'screen', update: u(m.screenUpdate), asks: { name: 'reason', label: 'Reason for screening out', required: true }, args: (reason) => ({ decision: 'reject', reason }) },
  { from: 'approval', to: 'implementation', label: 'Approve the plan', command: 'approvePlan', update: u(m.approvePlanUpdate), args: () => ({ approved: true }) },
  { from: 'approval', to: 'planning', label: 'Send the plan back', command: 'approvePlan', update: u(m.approvePlanUpdate), asks: { name: 'reason', label: 'Why it goes back', required: true }, args: (reason) => ({ approved: false, reason }) },
  { from: 'follow_up', to: 'planning', label: 'Record the follow-up: replan', command: 'recordFollowUp', update: u(m.recordFollowUpUpdate), asks: { name: 'note', label: 'Follow-up note', required: true }, args: (note) => ({ outcome: 'replan', note }) },
  { from: 'follow_up', to: 'assessment', label: 'Record the follow-up: reassess', command: 'recordFollowUp', update: u(m.recordFollowUpUpdate), asks: { name: 'note', label: 'Follow-up note', required: false }, args: (note) => ({ outcome: 'reassess', ...(note ? { note } : {}) }) },
];

/** The roles that may run a move: those the API's command table names for its update. */
export function moveRoles(move: BoardMove): readonly Role[] {
  const row = API_COMMANDS.find((c) => c.update.name === move.update.name);
  if (!row) throw new Error(`no API command sends the update ${move.update.name}`);
  return row.roles;
}

const mayRun = (move: BoardMove, roles: readonly Role[]) => roles.includes('admin') || moveRoles(move).some((r) => roles.includes(r));

/** What the fit function needs, from a case's row: the board's moves look at phase, status and risk only. */
const factsOf = (row: CaseRow) => ({ phase: row.phase, status: row.status, risk: row.riskLevel ? { level: row.riskLevel } : undefined, tasks: [], assignee: row.assignee });

export type MoveDecision = { ok: true; move: BoardMove } | { ok: false; reason: string };

/** Whether dropping the case on the column `to` runs a command now, and which. */
export function decideMove(row: CaseRow, to: string, roles: readonly Role[], phaseName: (p: string) => string): MoveDecision {
  if (to === row.phase) return { ok: false, reason: `the case is in ${phaseName(row.phase)} already` };
  const move = BOARD_MOVES.find((mv) => mv.from === row.phase && mv.to === to);
  if (!move) {
    const from = BOARD_MOVES.filter((mv) => mv.from === row.phase).map((mv) => phaseName(mv.to));
    return { ok: false, reason: `the board has no move from ${phaseName(row.phase)} to ${phaseName(to)}; ${from.length > 0 ? `from ${phaseName(row.phase)} a card moves to ${from.join(' or ')}` : `a case in ${phaseName(row.phase)} moves on from its own page`}` };
  }
  const refusal = commandRefusal(factsOf(row), move.command);
  if (refusal) return { ok: false, reason: refusal.message };
  if (!mayRun(move, roles)) return { ok: false, reason: `'${move.label}' is for ${moveRoles(move).join(' or ')}; your role does not run it` };
  return { ok: true, move };
}

/** The moves a card offers its viewer now: the table's rows that fit the case and the viewer's roles. */
export function movesFor(row: CaseRow, roles: readonly Role[]): BoardMove[] {
  return BOARD_MOVES.filter((mv) => mv.from === row.phase && commandRefusal(factsOf(row), mv.command) === undefined && mayRun(mv, roles));
}
