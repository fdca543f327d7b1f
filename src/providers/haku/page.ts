/**
 * What a stream page is made of while it is being read (a copy of RunSignUp's provider-neutral
 * helper, kept here so no adapter imports another's).
 */
import type { Reject } from '../../model/canonical.js';
import type { Page } from '../types.js';

export function rejectOf(reason: string, raw: unknown): Reject {
  return { reason, raw };
}

/** A page being filled: records, rejects and the keys skipped as unchanged. */
export class PageBuilder<T> {
  records: T[] = [];
  rejects: Reject[] = [];
  unchanged: string[] = [];

  /** The page so far, and a fresh builder for the next. */
  take(resumeAfter: string | null): Page<T> {
    const page: Page<T> = { records: this.records, rejects: this.rejects, unchanged: this.unchanged, resumeAfter };
    this.records = [];
    this.rejects = [];
    this.unchanged = [];
    return page;
  }
}
