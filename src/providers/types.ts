import type {
  CanonicalEvent,
  CanonicalParticipant,
  CanonicalResult,
  Gender,
  Reject,
  RemovedParticipant,
  ResultStatus,
} from '../model/canonical.js';
import type { TokenStore } from './http/token-auth.js';

export type ProviderName = 'runsignup' | 'raceroster' | 'haku' | 'chronotrack' | 'copernico';

/** The fetch-shaped HTTP seam: the real network, the sandbox, or a budget-spending wrapper. */
export type HttpFetch = (url: string, init?: RequestInit) => Promise<Response>;

/**
 * What a provider's API can do, declared once per adapter and obeyed by the engine and the scheduler
 * (DESIGN.md §4): how a read skips what did not change, how withdrawals are learnt, how pages are
 * ordered, whether one read serves all races of an event, and which streams exist.
 */
export interface ProviderCapabilities {
  /**
   * `modified_since`: the provider filters by a modified-since stamp (RunSignUp); `updated_desc`: the
   * list is sorted by last update, newest first, and a read stops at the first record older than the
   * cursor (Haku); `none`: every read is a full read (the content hash keeps unchanged rows away).
   */
  participantsCursor: 'modified_since' | 'updated_desc' | 'none';
  /** `feed`: a removed-records feed (RunSignUp); `cancellation_flag`: a flag on a still-listed record (Haku); `full_diff`: absence from a full read. */
  removals: 'feed' | 'cancellation_flag' | 'full_diff';
  /** Participant pages come in ascending key order and `resumeAfter` is the last key of the page. */
  keysetPaging: boolean;
  /** One participants read serves every race of an event (the scheduler leases them together). */
  readsEventRaces: boolean;
  results: boolean;
  bibLookup: boolean;
  /** Participants can be pushed to it (a scoring provider's registration import). */
  push: boolean;
  /** Results can be published to it (a registration provider's results API). */
  publish: boolean;
}

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
  /**
   * The provider's count of the whole list, where it gives one (Race Roster's totalCount, ChronoTrack's
   * row-count header): a full read whose pages disagree on it, or that saw fewer records, changed under
   * its feet, and its deletion diff is not trusted.
   */
  total?: number;
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

/** Where a participants read starts: a position and, for incremental reads, a modified-since. */
export interface ParticipantsQuery {
  providerEventId: string;
  providerRaceIds: string[];
  /** Unix seconds, inclusive (>=). Absent for a full read. */
  modifiedSince?: number;
  /** Continue after this position (from a checkpoint). */
  resumeAfter?: string | null;
  /**
   * The provider version stored for a registration (`CanonicalParticipant.versionTag`), so an adapter
   * that needs a detail call per registration (Haku) makes it only for new or changed ones.
   */
  knownVersion?: (providerParticipantId: string) => string | null | undefined;
  /**
   * The newest of those versions when the read began (removed registrations included), so an
   * adapter whose list is sorted newest first (Haku) can tell a stale first page: one whose top row
   * is older than a registration already held.
   */
  newestKnownVersion?: string | null;
}

export interface ResultsQuery {
  providerEventId: string;
  providerRaceId: string;
  /** Continue after this position (from a checkpoint); the format is the provider's own. */
  resumeAfter?: string | null;
}

/** Where pushed participants go: the scoring provider's race (our event) and race (our race). */
export interface PushQuery {
  providerEventId: string;
  providerRaceId: string;
}

/** One registration as pushed to a scoring provider; `id` stays the same every time it is pushed. */
export interface PushParticipant {
  id: string;
  firstName: string | null;
  lastName: string | null;
  gender: Gender | null;
  birthdate: string | null;
  bib: string | null;
  team: string | null;
}

/** What the provider did with a batch: the items it refused, with its reasons (the rest were taken). */
export interface PushOutcome {
  rejected: { id: string; reasons: string[] }[];
}

/** Where published results go: the registration provider's race and, once created, its result set. */
export interface PublishQuery {
  providerEventId: string;
  providerRaceId: string;
  resultSetId: string | null;
  resultSetName: string;
}

/** One result as published: the registration it belongs to, its places and times. */
export interface PublishRow {
  registrationId: string;
  bib: string | null;
  place: number | null;
  clockTime: string | null;
  chipTime: string | null;
  status: ResultStatus;
}

export interface PublishOutcome {
  /** The result set the rows went into (created on the first publication). */
  resultSetId: string;
  /** The provider's answer, kept with the publication. */
  answer: unknown;
}

export interface AdapterContext {
  baseUrl: string;
  /** The token endpoint, for providers whose tokens come from another URL (Haku's Cognito). */
  authUrl: string | null;
  credentials: Record<string, string>;
  fetch: HttpFetch;
  /** Provider-specific switches for behaviour the provider docs mark INFERRED. */
  settings: Record<string, unknown>;
  /** The connection's stored provider token, shared by every process (token providers only). */
  tokens: TokenStore;
}

export interface ProviderAdapter {
  readonly provider: ProviderName;
  readonly capabilities: ProviderCapabilities;
  /** One cheap authenticated call; throws a classified error on bad credentials. */
  testConnection(): Promise<void>;
  /** The connection's events with their races, page by page. */
  discoverEvents(options: DiscoverOptions): AsyncIterable<Page<CanonicalEvent>>;
  participants(query: ParticipantsQuery): AsyncIterable<Page<CanonicalParticipant>>;
  removedParticipants?(query: ParticipantsQuery): AsyncIterable<Page<RemovedParticipant>>;
  participantsByBib?(query: ParticipantsQuery, bib: string): Promise<Page<CanonicalParticipant>>;
  results?(query: ResultsQuery): AsyncIterable<Page<CanonicalResult>>;
  pushParticipants?(query: PushQuery, items: PushParticipant[]): Promise<PushOutcome>;
  publishResults?(query: PublishQuery, rows: PublishRow[]): Promise<PublishOutcome>;
}
