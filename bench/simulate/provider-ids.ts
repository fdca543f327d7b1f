/**
 * Where a world registration shows up in the database: the participant row of each provider that
 * shows its race, keyed as the table is, (timing_partner_id, provider, provider_participant_id). The
 * ids follow the skins' conventions, which the adapters keep as the provider's participant id:
 * RunSignUp's registration id, Race Roster's participantId, Haku's registration number, ChronoTrack's
 * entry id, and Copernico's `<race id>/<athlete id>` (the athlete imported under the host's key).
 */
import type { SkinProvider } from '../../src/sandbox/index.js';
import { entryIdOf } from '../../src/sandbox/skins/chronotrack/render.js';
import { registrationNumberOf } from '../../src/sandbox/skins/haku/render.js';
import { participantIdOf as raceRosterParticipantId } from '../../src/sandbox/skins/raceroster/render-participants.js';
import type { WorldEvent } from '../../src/sandbox/world/index.js';
import { hostRegistrationKey } from '../../src/sandbox/world/provider-ids.js';

/** The providers that show an event: its host, and its scorer when that skin runs. */
export function providersShowing(event: WorldEvent, running: readonly SkinProvider[]): SkinProvider[] {
  return [event.host, ...(event.scorer ? [event.scorer] : [])].filter((p) => running.includes(p));
}

export function participantIdAt(provider: SkinProvider, event: WorldEvent, registrationId: number): string {
  switch (provider) {
    case 'runsignup':
      return String(registrationId);
    case 'raceroster':
      return String(raceRosterParticipantId(registrationId));
    case 'haku':
      return registrationNumberOf(registrationId);
    case 'chronotrack':
      return String(entryIdOf(registrationId));
    case 'copernico':
      return `${event.ids.copernico}/${hostRegistrationKey(event, registrationId)}`;
  }
}

/** Bibs compared as numbers: Race Roster zero-pads some events' bibs ("00123"). */
export function sameBib(stored: string | null, bib: number | null): boolean {
  if (stored === null || bib === null) return stored === null && bib === null;
  return stored.trim().replace(/^0+(?=\d)/, '') === String(bib);
}
