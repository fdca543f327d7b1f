/**
 * Results of a scoring race matched to the registrations of its linked registration race (DESIGN.md
 * §4): by bib first; where the bib is missing, or names a registration whose name disagrees, by
 * normalised name and birthdate. A name and birthdate shared by several registrations is ambiguous.
 */
import type { Queryable } from '../db/database.js';
import { loadRegistrants, loadScoredResults, saveMatches, type RaceLink, type Registrant, type ScoredResult } from './store/links.js';

export type MatchMethod = 'bib' | 'name_birthdate';

export interface MatchReport {
  matched: { bib: number; name_birthdate: number };
  unmatched: { resultId: number; bib: string | null; name: string; why: string }[];
  ambiguous: { resultId: number; bib: string | null; name: string; candidates: string[] }[];
}

/** "José  María-Núñez" → "jose maria nunez": accents, case, punctuation and spacing do not count. */
export function normaliseName(first: string | null, last: string | null): string {
  return `${first ?? ''} ${last ?? ''}`
    .normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

const lastNameOf = (last: string | null) => normaliseName(null, last);
const displayName = (r: { firstName: string | null; lastName: string | null }) => [r.firstName, r.lastName].filter(Boolean).join(' ');

type Outcome =
  | { kind: 'matched'; participantId: number; method: MatchMethod }
  | { kind: 'unmatched'; why: string }
  | { kind: 'ambiguous'; candidates: Registrant[] };

export function matchOne(result: ScoredResult, byBib: Map<string, Registrant>, byName: Map<string, Registrant[]>): Outcome {
  const holder = result.bib === null ? undefined : byBib.get(result.bib);
  // Only a last name that contradicts the bib's holder vetoes the bib; a missing one on either side cannot.
  if (holder && (!result.lastName || !holder.lastName || lastNameOf(holder.lastName) === lastNameOf(result.lastName))) {
    return { kind: 'matched', participantId: holder.id, method: 'bib' };
  }
  const disagrees = holder ? `bib ${result.bib} is ${displayName(holder)}'s` : null;
  if (!result.birthdate) return { kind: 'unmatched', why: disagrees ?? (result.bib === null ? 'no bib and no birthdate' : `no registration has bib ${result.bib}, and there is no birthdate to match by name`) };
  const candidates = (byName.get(normaliseName(result.firstName, result.lastName)) ?? []).filter((r) => r.birthdate === result.birthdate);
  if (candidates.length === 1) return { kind: 'matched', participantId: candidates[0]!.id, method: 'name_birthdate' };
  if (candidates.length > 1) return { kind: 'ambiguous', candidates };
  return { kind: 'unmatched', why: disagrees ?? `no registration has bib ${result.bib ?? '(none)'} or this name and birthdate` };
}

/** Matches every live result of the link's scoring race and stores the matches. */
export async function matchLink(db: Queryable, link: RaceLink): Promise<MatchReport> {
  const registrants = await loadRegistrants(db, link.registrationRaceId);
  const byBib = new Map(registrants.filter((r) => r.bib !== null).map((r) => [r.bib!, r]));
  const byName = new Map<string, Registrant[]>();
  for (const r of registrants) byName.set(normaliseName(r.firstName, r.lastName), [...(byName.get(normaliseName(r.firstName, r.lastName)) ?? []), r]);
  const report: MatchReport = { matched: { bib: 0, name_birthdate: 0 }, unmatched: [], ambiguous: [] };
  const matches: { resultId: number; participantId: number | null; method: string | null }[] = [];
  for (const result of await loadScoredResults(db, link.scoringRaceId)) {
    const outcome = matchOne(result, byBib, byName);
    const name = displayName(result);
    if (outcome.kind === 'matched') report.matched[outcome.method] += 1;
    else if (outcome.kind === 'unmatched') report.unmatched.push({ resultId: result.id, bib: result.bib, name, why: outcome.why });
    else report.ambiguous.push({ resultId: result.id, bib: result.bib, name, candidates: outcome.candidates.map((c) => `${displayName(c)} (${c.providerParticipantId})`) });
    matches.push({ resultId: result.id, participantId: outcome.kind === 'matched' ? outcome.participantId : null, method: outcome.kind === 'matched' ? outcome.method : null });
  }
  await saveMatches(db, matches);
  return report;
}
