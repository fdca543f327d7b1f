/**
 * A race as it is now: its generated registrations (and, once asked for, results) with every
 * mutation applied. Mutations are kept as an overlay (a diff by id) so an evicted view comes back
 * exactly as it was; a cached view is updated in place alongside its overlay, so both stay equal.
 */
import type { Registration, Result } from './types.js';

export interface RaceOverlay {
  /** Registrations changed or added by mutations; added ones have ids above every generated one. */
  changed: Map<number, Registration>;
  /** Results set (posted, corrected, withdrawn) by mutations. */
  results: Map<number, Result>;
  /** Active registrations gained (or lost) against the generated count. */
  activeDelta: number;
  /** A result was posted: the race has results even before its start. */
  posted: boolean;
  nextOrdinal: number;
}

export interface RaceView {
  /** As generated: results are generated from these, so mutations never shift their random draws. */
  base: readonly Registration[];
  /** Ascending id, every status; the base list itself until a mutation needs its own copy. */
  registrations: Registration[];
  /** Materialised on first use: most reads need registrations only. */
  results: Map<number, Result> | undefined;
  /** Bumped on every change, so derived lists (active ones, ranked results) know when to refresh. */
  version: number;
  derived: Map<string, { version: number; value: unknown }>;
}

export function emptyOverlay(nextOrdinal: number): RaceOverlay {
  return { changed: new Map(), results: new Map(), activeDelta: 0, posted: false, nextOrdinal };
}

/** Index of `id` in an ascending list, or where it would go (first element with a greater id). */
export function searchById(list: ReadonlyArray<{ id: number }>, id: number): { index: number; found: boolean } {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((list[mid] as { id: number }).id < id) low = mid + 1;
    else high = mid;
  }
  return { index: low, found: list[low]?.id === id };
}

function putRegistration(list: Registration[], registration: Registration): void {
  const { index, found } = searchById(list, registration.id);
  if (found) list[index] = registration;
  else list.splice(index, 0, registration);
}

export function buildView(generated: Registration[], overlay: RaceOverlay | undefined): RaceView {
  const view: RaceView = { base: generated, registrations: generated, results: undefined, version: 0, derived: new Map() };
  for (const registration of overlay?.changed.values() ?? []) storeInView(view, registration);
  return view;
}

/** Puts a changed or new registration into the view (copying the base list the first time). */
export function storeInView(view: RaceView, registration: Registration): void {
  if (view.registrations === view.base) view.registrations = [...view.base];
  putRegistration(view.registrations, registration);
  view.version += 1;
}

export function applyResultOverlay(results: Map<number, Result>, overlay: RaceOverlay | undefined): Map<number, Result> {
  for (const [id, result] of overlay?.results ?? []) results.set(id, result);
  return results;
}

export function findRegistration(view: RaceView, id: number): Registration | undefined {
  const { index, found } = searchById(view.registrations, id);
  return found ? view.registrations[index] : undefined;
}

/** A value derived from the view, recomputed only after the view changed (or when `key` differs). */
export function derive<T>(view: RaceView, key: string, compute: () => T): T {
  const cached = view.derived.get(key);
  if (cached && cached.version === view.version) return cached.value as T;
  const value = compute();
  // Keys carry the instant for ranked results; keep only the latest per kind so the map stays small.
  for (const old of view.derived.keys()) if (old.split('@')[0] === key.split('@')[0]) view.derived.delete(old);
  view.derived.set(key, { version: view.version, value });
  return value;
}
