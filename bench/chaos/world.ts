/**
 * The chaos run's world: every provider's skin over one seeded world whose events start around now
 * (half started half an hour ago, so their results arrive and get corrected; half start within two
 * hours, so every race is on its 1-minute race-day clock), and the connections of each partner to
 * each skin, set up as `p88 connection add` does.
 */
import { DateTime } from 'luxon';
import type { App } from '../../src/app.js';
import { providerEntry } from '../../src/providers/registry.js';
import { startSandbox, type Sandbox, type SkinProvider, type WorldChange } from '../../src/sandbox/index.js';
import { addConnection } from '../../src/tenants/connections.js';
import { addPartner } from '../../src/tenants/partners.js';

export const CHAOS_PROVIDERS: SkinProvider[] = ['runsignup', 'raceroster', 'haku', 'chronotrack', 'copernico'];
const TIME_ZONE = 'America/New_York';
const MINUTE = 60_000;

export interface ChaosWorldOptions {
  seed: number;
  providers: SkinProvider[];
  partners: number;
  registrationsPerRace: number;
}

export async function startChaosWorld(options: ChaosWorldOptions): Promise<Sandbox> {
  const now = Date.now();
  return startSandbox({
    providers: options.providers, seed: options.seed, partners: options.partners,
    eventsPerPartner: { runsignup: 2, raceroster: 2, haku: 2 }, racesPerEvent: 2, registrationsPerRace: options.registrationsPerRace,
    scoredShare: 1, pastShare: 0, anchor: new Date(now),
    eventStarts: (index) => new Date(now + (index % 2 === 0 ? -30 * MINUTE : 90 * MINUTE)),
    // The hub's own budget is under test; the skins' throttles come from the injected faults alone
    // (Haku's skin is the one with a budget of its own by default).
    haku: { callsPerHour: null },
  });
}

export interface ChaosConnection {
  id: number;
  partnerId: number;
  provider: SkinProvider;
  budgetPerHour: number;
  /** The value the skin counts this connection's calls under (its api key or client id). */
  credentialValues: string[];
}

/** A partner per sandbox partner, with a connection to every running skin; the same for any database. */
export async function addChaosTenants(app: App, sandbox: Sandbox, settings: Record<string, unknown>): Promise<ChaosConnection[]> {
  const connections: ChaosConnection[] = [];
  for (const { partner: number } of sandbox.world.partners) {
    const partner = await addPartner(app.db, `Chaos Timing ${number}`, TIME_ZONE);
    for (const endpoint of sandbox.endpoints) {
      const { partner: _, ...credentials } = endpoint.credentials[number - 1] as unknown as Record<string, string>;
      const budgetPerHour = providerEntry(endpoint.provider).defaultBudgetPerHour;
      const connection = await addConnection(app.db, app.box, {
        timingPartnerId: partner.id, provider: endpoint.provider, baseUrl: endpoint.baseUrl, authUrl: endpoint.authUrl ?? null,
        budgetPerHour, credentials, settings: { ...settings, ...providerSettings(sandbox, endpoint.provider, number) },
      });
      connections.push({ id: connection.id, partnerId: partner.id, provider: endpoint.provider, budgetPerHour, credentialValues: Object.values(credentials) });
    }
  }
  return connections;
}

function providerSettings(sandbox: Sandbox, provider: SkinProvider, partner: number): Record<string, unknown> {
  // Copernico lists no races of an account: the connection names them (providers.md §5.4).
  if (provider === 'copernico') return { raceIds: sandbox.world.eventsAt('copernico', partner).map((e) => e.ids.copernico) };
  // Haku races have a date and no time: assume they start within the hour, so they run on the race-day clock too.
  if (provider === 'haku') return { assumedStartTime: DateTime.now().setZone(TIME_ZONE).plus({ hours: 1 }).toFormat('HH:mm') };
  return {};
}

/** One round of the world's life during the run: registrations, bibs, edits, removals and result changes. */
export const WORLD_CHANGE: WorldChange = {
  register: 2, assignBibs: 3, changeBibs: 2, edit: 2, remove: 1, cancel: 1, results: 4, correctTimes: 2, dnfToFinish: 1, withdrawResults: 1,
};
