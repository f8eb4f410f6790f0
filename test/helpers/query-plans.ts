/**
 * What the database plans for the SQL a store function sends: the function runs as it would for the
 * API, every statement is caught as knex sends it, and the database is asked to explain each one
 * with the same values. SQLite answers with its query plan's lines (`SEARCH cases USING INDEX …`),
 * PostgreSQL with its plan's nodes (`Index Scan using … on cases`).
 */
import { isSqlite, type Db } from '../../store/db';

export interface PlannedQuery {
  sql: string;
  /** The plan's lines, one string. */
  plan: string;
}

interface SentQuery {
  sql: string;
  bindings?: readonly unknown[];
}

async function explain(db: Db, q: SentQuery): Promise<string> {
  const bindings = [...(q.bindings ?? [])] as never[];
  if (isSqlite(db)) {
    const rows: Array<{ detail: string }> = await db.raw(`explain query plan ${q.sql}`, bindings);
    return rows.map((r) => r.detail).join('\n');
  }
  // knex hands PostgreSQL's driver $1, $2…; its own raw() takes ? in their order.
  const result: { rows: Array<{ 'QUERY PLAN': string }> } = await db.raw(`explain ${q.sql.replace(/\$\d+/g, '?')}`, bindings);
  return result.rows.map((r) => r['QUERY PLAN']).join('\n');
}

/** Runs `work`, then explains each statement it sent, in the order sent. */
export async function plansOf(db: Db, work: () => Promise<unknown>): Promise<PlannedQuery[]> {
  const sent: SentQuery[] = [];
  const listener = (q: SentQuery) => sent.push({ sql: q.sql, bindings: q.bindings });
  db.on('query', listener);
  try {
    await work();
  } finally {
    db.removeListener('query', listener);
  }
  const plans: PlannedQuery[] = [];
  for (const q of sent) plans.push({ sql: q.sql, plan: await explain(db, q) });
  return plans;
}
