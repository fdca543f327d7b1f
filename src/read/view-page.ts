/**
 * Filtered, keyset-paged reads of any public view, for the HTTP API. Views are read generically: their
 * columns are found in the catalog (a view another module adds later — `unified_splits` — works as soon
 * as it exists), and only columns the view really has may be filtered on. The partner is part of every
 * statement; `null` (an admin) reads every partner.
 */
import type { Queryable } from '../db/database.js';

export interface ViewFilter {
  column: string;
  op: 'eq' | 'gte';
  value: unknown;
}

export interface ViewPageQuery {
  view: string;
  /** The view's unique key column, the page order. */
  key: string;
  partnerId: number | null;
  filters: ViewFilter[];
  /** Rows after this key value. */
  after: number | null;
  limit: number;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** Columns of a view (or table) in the current schema, in order; null when it does not exist. */
export async function findViewColumns(db: Queryable, view: string): Promise<string[] | null> {
  const rows = await db.query<{ column_name: string }>(
    `select column_name from information_schema.columns
     where table_schema = current_schema() and table_name = $1 order by ordinal_position`,
    [view],
  );
  return rows.length === 0 ? null : rows.map((r) => r.column_name);
}

function checkIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not an identifier: ${name}`);
  return name;
}

/** One page of the view's rows in key order; filters name columns the caller checked exist. */
export async function readViewPage(db: Queryable, query: ViewPageQuery): Promise<Record<string, unknown>[]> {
  const view = checkIdentifier(query.view);
  const key = checkIdentifier(query.key);
  const values: unknown[] = [query.partnerId, query.after, query.limit];
  const conditions = query.filters.map((filter) => {
    values.push(filter.value);
    return `${checkIdentifier(filter.column)} ${filter.op === 'eq' ? '=' : '>='} $${values.length}`;
  });
  return db.query(
    `select * from ${view}
     where ($1::bigint is null or timing_partner_id = $1) and ($2::bigint is null or ${key} > $2)
       ${conditions.map((c) => `and ${c}`).join(' ')}
     order by ${key} limit $3`,
    values,
  );
}

/** The view's row of this key, if the partner (or, for null, anyone) has it. */
export async function readViewRow(db: Queryable, view: string, key: string, id: number, partnerId: number | null): Promise<Record<string, unknown> | undefined> {
  const [row] = await db.query(
    `select * from ${checkIdentifier(view)} where ${checkIdentifier(key)} = $1 and ($2::bigint is null or timing_partner_id = $2)`,
    [id, partnerId],
  );
  return row;
}
