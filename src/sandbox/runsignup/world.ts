/**
 * The sandbox world: an eagerly built catalog of races and events, participants generated per event
 * on demand (kept in a small LRU), and an overlay holding every mutation as a diff. A view of an
 * event is "generated base + overlay"; mutations update the overlay and, if cached, the view, so
 * both stay equal and an evicted event comes back exactly as it was.
 */
import { buildCatalog, type Catalog, type CatalogEvent, type CatalogRace } from './catalog.js';
import { WeightedLru } from './lru.js';
import type { ResolvedOptions } from './options.js';
import { generateEvent, questionResponsesFor } from './participants.js';
import { renderRace } from './race-shapes.js';
import { emptyResultSet, generateResultSets, type ResultSetState } from './results.js';
import type { RsuParticipant, RsuRemovedParticipant, RsuResultRow, RsuResultSet } from './shapes.js';
import type { SandboxEventInfo, SandboxPartner, SandboxWorld } from './types.js';

export interface EventOverlay {
  edits: Map<number, RsuParticipant>;
  added: RsuParticipant[];
  removed: Map<number, RsuRemovedParticipant>;
  createdSets: Array<{ setId: number; sortOrder: number }>;
  /** Result set id → finisher rows appended by mutations, in order. */
  appendedRows: Map<number, RsuResultRow[]>;
}

export interface EventView {
  /** Ascending registration_id. */
  active: RsuParticipant[];
  /** Ascending registration_id. */
  removed: RsuRemovedParticipant[];
  /** The generated, unmutated participants: results are derived from them. */
  base: RsuParticipant[];
  resultSets?: ResultSetState[];
}

/** Index of `id` in an ascending list, or where it would go (first element with a greater id). */
export function searchById(list: ReadonlyArray<{ registration_id: number }>, id: number): { index: number; found: boolean } {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((list[mid] as { registration_id: number }).registration_id < id) low = mid + 1;
    else high = mid;
  }
  return { index: low, found: list[low]?.registration_id === id };
}

export class RunSignupWorld implements SandboxWorld {
  readonly catalog: Catalog;
  readonly seed: number;
  readonly anchor: number;
  readonly partners: readonly SandboxPartner[];
  readonly raceIds: readonly number[];
  readonly overlays = new Map<number, EventOverlay>();
  /** Next free bib per race, once a mutation has handed one out. */
  readonly nextBibs = new Map<number, number>();
  private readonly cache: WeightedLru<number, EventView>;

  constructor(readonly options: ResolvedOptions) {
    this.catalog = buildCatalog(options);
    this.seed = options.seed;
    this.anchor = options.anchor;
    this.partners = this.catalog.partners;
    this.raceIds = this.catalog.races.map((race) => race.raceId);
    this.cache = new WeightedLru(options.cacheParticipants);
  }

  findRace(raceId: number): CatalogRace | undefined {
    return this.catalog.raceById.get(raceId);
  }

  findEvent(eventId: number): CatalogEvent | undefined {
    return this.catalog.eventById.get(eventId);
  }

  /** The current participants of an event (generated on a cache miss, then the overlay applied). */
  view(event: CatalogEvent): EventView {
    const cached = this.cache.get(event.eventId);
    if (cached) return cached;
    const generated = generateEvent(this.catalog, this.seed, event);
    const overlay = this.overlays.get(event.eventId);
    const view: EventView = overlay
      ? { ...applyOverlay(generated.active, generated.removed, overlay), base: generated.active }
      : { active: generated.active, removed: generated.removed, base: generated.active };
    this.cache.set(event.eventId, view, view.active.length + view.removed.length + 1);
    return view;
  }

  /** Result sets of an event: generated from its base participants, plus sets and rows from mutations. */
  resultSetStates(event: CatalogEvent): ResultSetState[] {
    // Future events without posted results need no participants generated.
    if (event.resultSetCount === 0 && !this.overlays.get(event.eventId)?.createdSets.length) return [];
    const view = this.view(event);
    if (view.resultSets) return view.resultSets;
    const sets = generateResultSets(this.seed, event, view.base);
    const overlay = this.overlays.get(event.eventId);
    for (const created of overlay?.createdSets ?? []) sets.push(emptyResultSet(event, created.setId, created.sortOrder, true));
    for (const set of sets) {
      const appended = overlay?.appendedRows.get(set.meta.individual_result_set_id) ?? [];
      set.rows.splice(set.finisherCount, 0, ...appended);
      set.finisherCount += appended.length;
    }
    view.resultSets = sets;
    return sets;
  }

  overlayFor(eventId: number): EventOverlay {
    let overlay = this.overlays.get(eventId);
    if (!overlay) {
      overlay = { edits: new Map(), added: [], removed: new Map(), createdSets: [], appendedRows: new Map() };
      this.overlays.set(eventId, overlay);
    }
    return overlay;
  }

  /** Cached view, without generating one; mutations keep it in step with the overlay. */
  cachedView(eventId: number): EventView | undefined {
    return this.cache.get(eventId);
  }

  // ---- SandboxWorld (read access for tests) ----

  race(raceId: number) {
    const race = this.findRace(raceId);
    return race ? renderRace(race, { events: race.events, detail: true }) : undefined;
  }

  eventIds(raceId?: number): number[] {
    const events = raceId === undefined ? this.catalog.events : (this.findRace(raceId)?.events ?? []);
    return events.map((event) => event.eventId);
  }

  eventInfo(eventId: number): SandboxEventInfo | undefined {
    const event = this.findEvent(eventId);
    if (!event) return undefined;
    const overlay = this.overlays.get(eventId);
    return {
      eventId,
      raceId: event.race.raceId,
      name: event.name,
      startTime: event.start,
      past: event.past,
      participantCount: this.participantCount(eventId),
      resultSetCount: event.resultSetCount + (overlay?.createdSets.length ?? 0),
    };
  }

  participants(eventId: number, options: { includeQuestions?: boolean } = {}): RsuParticipant[] {
    const event = this.findEvent(eventId);
    if (!event) return [];
    const active = this.view(event).active;
    return options.includeQuestions ? active.map((p) => this.withQuestions(p)) : [...active];
  }

  withQuestions(participant: RsuParticipant): RsuParticipant {
    const race = this.findEvent(participant.event_id)?.race as CatalogRace;
    return { ...participant, question_responses: questionResponsesFor(this.seed, race, participant.registration_id) };
  }

  removedParticipants(eventId: number): RsuRemovedParticipant[] {
    const event = this.findEvent(eventId);
    return event ? [...this.view(event).removed] : [];
  }

  resultSets(eventId: number): RsuResultSet[] {
    const event = this.findEvent(eventId);
    if (!event) return [];
    return this.resultSetStates(event).map((set) => ({ ...set.meta, results_headers: set.headers, results: [...set.rows] }));
  }

  participantCount(eventId?: number): number {
    if (eventId === undefined) {
      return this.catalog.events.reduce((sum, event) => sum + this.participantCount(event.eventId), 0);
    }
    const event = this.findEvent(eventId);
    if (!event) return 0;
    const overlay = this.overlays.get(eventId);
    return event.count + (overlay ? overlay.added.length - overlay.removed.size : 0);
  }
}

function applyOverlay(
  baseActive: RsuParticipant[],
  baseRemoved: RsuRemovedParticipant[],
  overlay: EventOverlay,
): { active: RsuParticipant[]; removed: RsuRemovedParticipant[] } {
  const active: RsuParticipant[] = [];
  for (const participant of [...baseActive, ...overlay.added]) {
    if (overlay.removed.has(participant.registration_id)) continue;
    active.push(overlay.edits.get(participant.registration_id) ?? participant);
  }
  const removed = [...baseRemoved, ...overlay.removed.values()].sort((a, b) => a.registration_id - b.registration_id);
  return { active, removed };
}
