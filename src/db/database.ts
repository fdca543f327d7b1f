/**
 * The one seam between features and storage: a `query(text, values)` function and a transaction.
 * Two engines implement it (embedded PGlite and a PostgreSQL server); both speak the same SQL.
 */
export interface Queryable {
  query<R = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<R[]>;
}

export interface Transaction extends Queryable {
  /** Runs a script of several statements. */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /** Runs a script of several statements (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Type conventions shared by both engines, so rows look the same whichever one answers:
 * int8 → number (ids stay far below 2^53), numeric/date/interval → their PostgreSQL text.
 */
export const TYPE_OIDS = { int8: 20, numeric: 1700, date: 1082, interval: 1186 } as const;
export const parseInt8 = (value: string): number => Number(value);
export const keepText = (value: string): string => value;

/**
 * A statement or transaction that certainly did not run (the connection could not be made, or the
 * server refused it before running it), so it is safe to send again — to another server process.
 */
export class NotRun extends Error {
  override name = 'NotRun';
}
