/**
 * Discovery: the race document of every race the connection names (`raceIds`: no call lists a
 * timer's races, providers.md §5.4), one page per race. A Copernico race becomes a canonical event;
 * each of its events — addressed by name within the race — a canonical race whose id is
 * `<race id>/<event name>`, since names repeat across races ("10K").
 */
import { DateTime } from 'luxon';
import type { CanonicalEvent, CanonicalRace, Reject } from '../../model/canonical.js';
import { SyncError } from '../../errors.js';
import type { Page } from '../types.js';
import type { CopernicoClient } from './client.js';
import { check, raceDocumentSchema, raceEventSchema, type RaceDocument } from './payloads.js';
import { racePath, type CopernicoSettings } from './settings.js';
import { repairMojibake } from './values.js';

/** Failures that concern one race only; anything else (auth, throttling, outages) stops the read. */
const PER_RACE_FAILURES = new Set(['permission', 'not_found', 'config']);

/** Our race id of a Copernico event, and back. Race ids are one path segment, so the first "/" splits. */
export const providerRaceIdOf = (raceId: string, eventName: string): string => `${raceId}/${eventName}`;

export function splitProviderRaceId(providerRaceId: string): { raceId: string; eventName: string } {
  const at = providerRaceId.indexOf('/');
  if (at <= 0) throw new SyncError('bug', `Copernico race id is not "<race id>/<event name>": "${providerRaceId}"`);
  return { raceId: providerRaceId.slice(0, at), eventName: providerRaceId.slice(at + 1) };
}

export const formatDistance = (metres: number | null): string | null => (metres === null ? null : `${metres} m`);

function mapEvents(raceId: string, doc: RaceDocument): { races: CanonicalRace[]; rejects: Reject[] } {
  const races: CanonicalRace[] = [];
  const rejects: Reject[] = [];
  for (const [index, raw] of (doc.events ?? []).entries()) {
    const checked = check(raceEventSchema, raw);
    const id = checked.ok ? providerRaceIdOf(raceId, checked.value.name) : null;
    if (!checked.ok) rejects.push({ reason: `invalid event ${index} of race ${raceId}: ${checked.reason}`, raw });
    else if (races.some((race) => race.providerRaceId === id)) rejects.push({ reason: `event ${index} of race ${raceId}: its name "${checked.value.name}" repeats an earlier event's`, raw });
    else {
      const event = checked.value;
      races.push({
        providerRaceId: id!,
        // The id keeps the name as served (it is the address); the name shown is repaired.
        name: repairMojibake(event.name),
        startTime: event.startTime ?? event.gunTime ?? doc.startTime,
        distance: formatDistance(event.distance),
        providerModifiedAt: null,
        raw,
      });
    }
  }
  return { races, rejects };
}

/** The race's start: its own, else its first event's, else its date at local midnight (a date only). */
function startOf(doc: RaceDocument, races: CanonicalRace[]): Pick<CanonicalEvent, 'startTime' | 'startTimePrecision'> {
  if (doc.startTime) return { startTime: doc.startTime };
  const starts = races.flatMap((race) => (race.startTime ? [race.startTime.getTime()] : []));
  if (starts.length > 0) return { startTime: new Date(Math.min(...starts)) };
  if (!doc.date) return { startTime: null };
  return { startTime: DateTime.fromISO(doc.date, { zone: doc.timezone ?? 'UTC' }).toJSDate(), startTimePrecision: 'date' };
}

function mapRace(raceId: string, doc: RaceDocument, raw: unknown): { event: CanonicalEvent; rejects: Reject[] } {
  const { races, rejects } = mapEvents(raceId, doc);
  const event: CanonicalEvent = {
    providerEventId: raceId,
    name: doc.name,
    ...startOf(doc, races),
    timeZone: doc.timezone ?? null,
    city: doc.location,
    region: doc.region ?? null,
    country: doc.country,
    providerModifiedAt: null,
    raw,
    races,
  };
  return { event, rejects };
}

async function readRace(client: CopernicoClient, settings: CopernicoSettings, raceId: string): Promise<Page<CanonicalEvent>> {
  let raw: unknown;
  try {
    raw = await client.getJson(racePath(settings.racePath, raceId));
  } catch (error) {
    if (error instanceof SyncError && PER_RACE_FAILURES.has(error.errorClass)) {
      return { records: [], rejects: [{ reason: `race ${raceId}: ${error.message}`, raw: { raceId } }], resumeAfter: null };
    }
    throw error;
  }
  const checked = check(raceDocumentSchema, raw);
  if (!checked.ok) return { records: [], rejects: [{ reason: `invalid race ${raceId}: ${checked.reason}`, raw }], resumeAfter: null };
  const { event, rejects } = mapRace(raceId, checked.value, raw);
  return { records: [event], rejects, resumeAfter: null };
}

/**
 * Every configured race is read, past or not: the operator named them, and without a modified stamp
 * there is nothing to skip an unchanged one by (its hash keeps it away from the database).
 */
export async function* discoverEvents(client: CopernicoClient, settings: CopernicoSettings): AsyncGenerator<Page<CanonicalEvent>> {
  const raceIds = [...new Set(settings.raceIds)];
  if (raceIds.length === 0) yield { records: [], rejects: [], resumeAfter: null };
  for (const [index, raceId] of raceIds.entries()) {
    const page = await readRace(client, settings, raceId);
    yield { ...page, resumeAfter: index + 1 < raceIds.length ? String(index + 1) : null };
  }
}
