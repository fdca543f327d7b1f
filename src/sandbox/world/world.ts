/**
 * The sandbox world: an eagerly built catalog of partners, events and races; each race's
 * registrations and results generated on demand (kept in a small LRU) with the overlay of every
 * mutation applied; and the clock every time-dependent answer reads. Skins only read it; the
 * mutator (mutations.ts) is the only writer.
 */
import type { WorldPartner } from './accounts.js';
import { buildCatalog, providerKey, type Catalog, type WorldEvent, type WorldRace } from './catalog.js';
import type { SandboxClock } from './clock.js';
import { WeightedLru } from './lru.js';
import type { ResolvedWorldOptions } from './options.js';
import { applyResultOverlay, buildView, derive, emptyOverlay, findRegistration, storeInView, type RaceOverlay, type RaceView } from './race-view.js';
import { generateRegistrations } from './registrations.js';
import { generateResults } from './results.js';
import { rankResults, type RaceResults } from './results-now.js';
import type { ProviderName, Registration, Result } from './types.js';

export class World {
  readonly catalog: Catalog;
  readonly seed: number;
  readonly anchor: number;
  readonly partners: readonly WorldPartner[];
  readonly events: readonly WorldEvent[];
  readonly races: readonly WorldRace[];
  private readonly overlays = new Map<number, RaceOverlay>();
  private readonly cache: WeightedLru<number, RaceView>;

  constructor(
    readonly options: ResolvedWorldOptions,
    readonly clock: SandboxClock,
  ) {
    this.catalog = buildCatalog(options);
    this.seed = options.seed;
    this.anchor = options.anchor;
    this.partners = this.catalog.partners;
    this.events = this.catalog.events;
    this.races = this.catalog.races;
    this.cache = new WeightedLru(options.cacheRegistrations);
  }

  /** Unix seconds now, on the world's clock. */
  now(): number {
    return this.clock.seconds();
  }

  event(id: number): WorldEvent | undefined {
    return this.events[id - 1];
  }

  race(id: number): WorldRace | undefined {
    return this.races[id - 1];
  }

  /** The event a provider shows under its own id (RunSignUp race id, Haku slug, …). */
  eventAt(provider: ProviderName, id: string | number): WorldEvent | undefined {
    return this.catalog.eventByProviderId.get(providerKey(provider, id));
  }

  raceAt(provider: ProviderName, id: string | number): WorldRace | undefined {
    return this.catalog.raceByProviderId.get(providerKey(provider, id));
  }

  /** Events a provider shows (hosted or scored there), in catalog order. */
  eventsAt(provider: ProviderName, partner?: number): WorldEvent[] {
    return this.events.filter((e) => (e.host === provider || e.scorer === provider) && (partner === undefined || e.partner === partner));
  }

  /** Every registration of the race, ascending id, every status. Do not modify. */
  registrations(race: WorldRace): readonly Registration[] {
    return this.view(race).registrations;
  }

  /** The race's registrations with one of `statuses`, ascending id; recomputed only after a change. */
  registrationsWith(race: WorldRace, ...statuses: Registration['status'][]): readonly Registration[] {
    const view = this.view(race);
    return derive(view, `status:${statuses.join(',')}`, () => view.registrations.filter((r) => statuses.includes(r.status)));
  }

  registration(race: WorldRace, id: number): Registration | undefined {
    return findRegistration(this.view(race), id);
  }

  /** Active registrations, without generating any. */
  activeCount(race: WorldRace): number {
    return race.count + (this.overlays.get(race.id)?.activeDelta ?? 0);
  }

  /** The result truth of the race (visible or not yet), keyed by registration id. */
  resultTruth(race: WorldRace): Map<number, Result> {
    const view = this.view(race);
    view.results ??= applyResultOverlay(generateResults(this.seed, race, view.base), this.overlays.get(race.id));
    return view.results;
  }

  /** What of the results is visible at `at` (default now), ranked. */
  results(race: WorldRace, at = this.now()): RaceResults {
    const view = this.view(race);
    const second = Math.floor(at);
    return derive(view, `results@${second}`, () =>
      rankResults(race, this.resultTruth(race), (id) => findRegistration(view, id), second));
  }

  /** Whether the race shows results yet (it has started, or results were posted), without generating any. */
  hasResults(race: WorldRace, at = this.now()): boolean {
    return race.start <= at || (this.overlays.get(race.id)?.posted ?? false);
  }

  // ---- writing, for the mutator only ----

  overlayFor(race: WorldRace): RaceOverlay {
    let overlay = this.overlays.get(race.id);
    if (!overlay) {
      overlay = emptyOverlay(race.count + race.endedCount);
      this.overlays.set(race.id, overlay);
    }
    return overlay;
  }

  /** Stores a changed or new registration in the overlay and, if cached, the view. */
  storeRegistration(race: WorldRace, registration: Registration, previous: Registration | undefined): void {
    const overlay = this.overlayFor(race);
    overlay.changed.set(registration.id, registration);
    overlay.activeDelta += (registration.status === 'active' ? 1 : 0) - (previous?.status === 'active' ? 1 : 0);
    const view = this.cache.get(race.id);
    if (view) storeInView(view, registration);
  }

  storeResult(race: WorldRace, registrationId: number, result: Result, posted: boolean): void {
    const overlay = this.overlayFor(race);
    overlay.results.set(registrationId, result);
    overlay.posted ||= posted;
    const view = this.cache.get(race.id);
    view?.results?.set(registrationId, result);
    if (view) view.version += 1;
  }

  private view(race: WorldRace): RaceView {
    const cached = this.cache.get(race.id);
    if (cached) return cached;
    const generated = generateRegistrations(this.catalog, this.seed, this.options.sharedPeopleShare, race);
    const view = buildView(generated, this.overlays.get(race.id));
    this.cache.set(race.id, view, view.registrations.length + 1);
    return view;
  }
}
