import type { Queryable } from '../db/database.js';
import { findViewColumns } from '../read/view-page.js';

/**
 * Which public views exist and their columns, looked up in the catalog and kept for a while: a view
 * added by a later migration is found without a restart, and a request costs no catalog query.
 */
export class ViewCatalog {
  private readonly cache = new Map<string, { columns: string[] | null; at: number }>();

  constructor(private readonly db: Queryable, private readonly ttlMs = 30_000, private readonly clock: () => number = Date.now) {}

  async columns(view: string): Promise<string[] | null> {
    const hit = this.cache.get(view);
    if (hit && this.clock() - hit.at < this.ttlMs) return hit.columns;
    const columns = await findViewColumns(this.db, view);
    this.cache.set(view, { columns, at: this.clock() });
    return columns;
  }
}
