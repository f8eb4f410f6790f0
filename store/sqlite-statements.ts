/**
 * Statements kept prepared on a SQLite connection, by their SQL. knex runs every query through the
 * driver's `all` or `run`, which prepare the statement, run it and finalize it: three trips to the
 * driver's thread pool, the preparing alone more than half of a short statement's cost. A
 * connection wrapped here prepares each SQL text once and runs it again with new bindings. The
 * answers, errors and `this.lastID` / `this.changes` are the driver's own.
 */

/** The parts of a node-sqlite3 statement used here. */
interface Statement {
  all(bindings: unknown[], callback: Callback): void;
  run(bindings: unknown[], callback: Callback): void;
  finalize(callback?: (err: Error | null) => void): void;
}
type Callback = (this: unknown, err: Error | null, result?: unknown) => void;

/** The parts of a node-sqlite3 connection used here. */
export interface SqliteConnection {
  all(sql: string, bindings: unknown[], callback: Callback): unknown;
  run(sql: string, bindings: unknown[], callback: Callback): unknown;
  prepare(sql: string, callback: (err: Error | null) => void): Statement;
  close(callback: (err: Error | null) => void): void;
}

/** Distinct SQL texts kept per connection; the least recently used is finalized past it (a multi-row insert's text varies with its rows). */
export const PREPARED_STATEMENTS_KEPT = 200;

const KEPT = Symbol('prepared statements');

/** How many statements a connection keeps prepared now (for tests). */
export function preparedCount(conn: unknown): number {
  return (conn as { [KEPT]?: Map<string, Statement> })[KEPT]?.size ?? 0;
}

export function keepStatementsPrepared(conn: SqliteConnection, capacity = PREPARED_STATEMENTS_KEPT): void {
  const kept = new Map<string, Statement>();
  Object.defineProperty(conn, KEPT, { value: kept });
  const direct = { all: conn.all.bind(conn), run: conn.run.bind(conn), close: conn.close.bind(conn) };

  const forget = (sql: string, statement: Statement) => {
    if (kept.get(sql) === statement) kept.delete(sql);
    statement.finalize();
  };
  const keep = (sql: string, statement: Statement) => {
    kept.set(sql, statement);
    if (kept.size <= capacity) return;
    const [oldest, old] = kept.entries().next().value as [string, Statement];
    forget(oldest, old);
  };
  /**
   * A statement that failed is finalized, not kept: the next use prepares it anew, so a statement
   * is never run again from whatever state an error left it in.
   */
  const settle = (sql: string, statement: Statement, callback: Callback): Callback =>
    function (this: unknown, err, result) {
      if (err) forget(sql, statement);
      callback.call(this, err, result);
    };

  const wrap = (method: 'all' | 'run') =>
    function (sql: string, bindings: unknown[], callback: Callback): SqliteConnection {
      const statement = kept.get(sql);
      if (statement) {
        // Most recently used last, so that the first entry is the one to finalize.
        kept.delete(sql);
        kept.set(sql, statement);
        statement[method](bindings, settle(sql, statement, callback));
        return conn;
      }
      const fresh = conn.prepare(sql, (err) => {
        // SQL the driver cannot prepare goes the driver's own way, which reports the error as it always has.
        if (err) return void direct[method](sql, bindings, callback);
        keep(sql, fresh);
        fresh[method](bindings, settle(sql, fresh, callback));
      });
      return conn;
    };
  conn.all = wrap('all');
  conn.run = wrap('run');
  // The driver will not close a connection with statements left unfinalized.
  conn.close = (callback) => {
    const statements = [...kept.values()];
    kept.clear();
    let left = statements.length;
    if (left === 0) return direct.close(callback);
    for (const s of statements) s.finalize(() => --left === 0 && direct.close(callback));
  };
}
