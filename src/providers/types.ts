import type {
  CanonicalEvent,
  CanonicalParticipant,
  CanonicalResult,
  Reject,
  RemovedParticipant,
} from '../model/canonical.js';

export type ProviderName = 'runsignup' | 'raceroster' | 'haku' | 'chronotrack' | 'copernico';

/** The fetch-shaped HTTP seam: the real network, the sandbox, or a budget-spending wrapper. */
export type HttpFetch = (url: string, init?: RequestInit) => Promise<Response>;

/**
 * One page of a stream. `resumeAfter` is the position to continue from after this page (stored as
 * the checkpoint in the same transaction as the page); `null` means the stream is finished.
 */
export interface Page<T> {
  records: T[];
  rejects: Reject[];
  resumeAfter: string | null;
  /** Keys the adapter skipped because the provider says they did not change. */
  unchanged?: string[];
}

export interface DiscoverOptions {
  includePast: boolean;
  now: Date;
  /**
   * Events already stored: one the provider last modified before `unchangedBefore` need not be read
   * again in detail (it is reported in `Page.unchanged`).
   */
  known?: ReadonlySet<string>;
  unchangedBefore?: Date | null;
}

/** Where a participants read starts: a keyset position and, for incremental reads, a modified-since. */
export interface ParticipantsQuery {
  providerEventId: string;
  providerRaceIds: string[];
  /** Unix seconds, inclusive (>=). Absent for a full read. */
  modifiedSince?: number;
  /** Continue after this position (from a checkpoint). */
  resumeAfter?: string | null;
}

export interface ResultsQuery {
  providerEventId: string;
  providerRaceId: string;
  /** Continue after this position (from a checkpoint); the format is the provider's own. */
  resumeAfter?: string | null;
}

export interface AdapterContext {
  baseUrl: string;
  credentials: Record<string, string>;
  fetch: HttpFetch;
  /** Provider-specific switches for behaviour the provider docs mark INFERRED. */
  settings: Record<string, unknown>;
}

export interface ProviderAdapter {
  readonly provider: ProviderName;
  /** One cheap authenticated call; throws a classified error on bad credentials. */
  testConnection(): Promise<void>;
  /** The connection's events with their races, page by page. */
  discoverEvents(options: DiscoverOptions): AsyncIterable<Page<CanonicalEvent>>;
  participants(query: ParticipantsQuery): AsyncIterable<Page<CanonicalParticipant>>;
  removedParticipants?(query: ParticipantsQuery): AsyncIterable<Page<RemovedParticipant>>;
  participantsByBib?(query: ParticipantsQuery, bib: string): Promise<Page<CanonicalParticipant>>;
  results?(query: ResultsQuery): AsyncIterable<Page<CanonicalResult>>;
}
