/** The board's read: open cases by phase, each column counted in full and its first cards listed by what falls due first. */
import type { CaseRow } from '../common/case-types';
import { PHASES, type Phase } from '../common/phases';
import { ROW_COLUMNS, rowFromColumns } from './cases';
import { whereCases, type CaseFilters } from './case-list';
import type { Db } from './db';

export type BoardFilter = Pick<CaseFilters, 'team' | 'teams' | 'definition' | 'assignee'>;

export interface BoardColumn {
  phase: Phase;
  count: number;
  cards: CaseRow[];
}

/** The phases a board shows as columns: every phase a case can be in, with the cases just closed last. */
export const BOARD_PHASES = PHASES;

/**
 * Columns of the cases not closed, and of the closed ones the last `closedSince` lets in (a card
 * dropped on Closed lands there); at most `perColumn` cards each, the column's count whole.
 */
export async function boardColumns(db: Db, f: BoardFilter, perColumn: number, closedSince: string): Promise<BoardColumn[]> {
  const counted = (await whereCases(db('cases').select('phase').count({ n: '*' }).groupBy('phase'), { ...f, open: true })) as Array<{ phase: Phase; n: unknown }>;
  const counts = new Map(counted.map((r) => [r.phase, Number(r.n)]));
  counts.set('closed', await countClosed(db, f, closedSince));
  return Promise.all(
    BOARD_PHASES.map(async (phase) => {
      // A case closed is in the closed phase: that column is read by its closing time, which an index answers.
      const filters = phase === 'closed' ? { ...f, closedAfter: closedSince } : { ...f, phase, open: true };
      // What falls due first, then what has nothing due: two reads an index on (phase, due_at) gives in order.
      const due = await whereCases(db('cases').select(ROW_COLUMNS), filters).whereNotNull('due_at').orderBy([{ column: 'due_at' }, { column: 'id' }]).limit(perColumn);
      const rest = due.length < perColumn ? await whereCases(db('cases').select(ROW_COLUMNS), filters).whereNull('due_at').orderBy('id').limit(perColumn - due.length) : [];
      return { phase, count: counts.get(phase) ?? 0, cards: [...due, ...rest].map(rowFromColumns) };
    }),
  );
}

async function countClosed(db: Db, f: BoardFilter, closedSince: string): Promise<number> {
  const rows = (await whereCases(db('cases').count({ n: '*' }), { ...f, closedAfter: closedSince })) as Array<{ n: unknown }>;
  return Number(rows[0]?.n ?? 0);
}
