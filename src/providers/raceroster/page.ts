/**
 * The outcome of mapping one raw record, and how a list of outcomes becomes a stream page. A copy of
 * RunSignUp's provider-neutral page.ts, kept here so adapters do not import each other.
 */
import type { Reject } from '../../model/canonical.js';
import type { Page } from '../types.js';

export type Mapped<T> = { record: T } | { reject: Reject };

export function rejectRecord(reason: string, raw: unknown): { reject: Reject } {
  return { reject: { reason, raw } };
}

export function collectPage<T>(outcomes: Mapped<T>[], resumeAfter: string | null): Page<T> {
  const page: Page<T> = { records: [], rejects: [], resumeAfter };
  for (const outcome of outcomes) {
    if ('record' in outcome) page.records.push(outcome.record);
    else page.rejects.push(outcome.reject);
  }
  return page;
}
