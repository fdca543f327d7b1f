import { Option, type Command } from 'commander';
import { SKIN_PROVIDERS, startSandbox, type ProviderEndpoint, type SandboxOptions, type SkinProvider } from '../../sandbox/index.js';
import { formatTable } from '../output.js';

interface SandboxFlags {
  provider: string[];
  seed: string;
  partners: string;
  events?: string;
  racesPerEvent?: string;
  registrationsPerRace?: string;
  totalRegistrations?: string;
  /** The RunSignUp-only sandbox's names for the same four, still accepted. */
  races?: string;
  eventsPerRace?: string;
  participantsPerEvent?: string;
  totalParticipants?: string;
  pastShare: string;
  scoredShare: string;
  resultSets: string;
  callsPerHour?: string;
  latencyMs: string;
  clock: string;
  port: string;
  json?: boolean;
}

const whole = (text: string | undefined): number | undefined => (text === undefined ? undefined : Number(text));
const collect = (value: string, previous: string[]) => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

export function sandboxOptions(flags: SandboxFlags): SandboxOptions {
  const providers = (flags.provider.length > 0 ? flags.provider : [...SKIN_PROVIDERS]) as SkinProvider[];
  const events = whole(flags.events ?? flags.races);
  const callsPerHour = whole(flags.callsPerHour);
  if (whole(flags.port) !== 0 && providers.length > 1) throw new RangeError('--port needs exactly one --provider');
  return {
    providers,
    seed: whole(flags.seed),
    partners: whole(flags.partners),
    eventsPerPartner: { runsignup: events, raceroster: events, haku: events },
    racesPerEvent: whole(flags.racesPerEvent ?? flags.eventsPerRace),
    registrationsPerRace: whole(flags.registrationsPerRace ?? flags.participantsPerEvent),
    totalRegistrations: whole(flags.totalRegistrations ?? flags.totalParticipants),
    pastShare: Number(flags.pastShare),
    scoredShare: Number(flags.scoredShare),
    clock: flags.clock === 'virtual' ? 'virtual' : 'real',
    latencyMs: whole(flags.latencyMs),
    ports: Object.fromEntries(providers.map((p) => [p, whole(flags.port)])),
    runsignup: { resultSetsPerRace: whole(flags.resultSets), callsPerHour },
    raceroster: { callsPerHour },
    haku: { callsPerHour },
    chronotrack: { callsPerHour },
    copernico: { callsPerHour },
  };
}

const quote = (value: string) => (/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);

/** The `p88 connection add` flags of one partner's connection to this skin. */
function connectionFlags(endpoint: ProviderEndpoint, credentials: Record<string, string | number>): string {
  const flags = [`--provider ${endpoint.provider}`, `--base-url ${quote(endpoint.baseUrl)}`];
  // Haku's token endpoint is a service of its own (DESIGN.md §6): the connection is told where it is.
  if (endpoint.provider === 'haku' && endpoint.authUrl) flags.push(`--auth-url ${quote(endpoint.authUrl)}`);
  for (const [field, value] of Object.entries(credentials)) {
    if (field !== 'partner') flags.push(`--${field.replace(/_/g, '-')} ${quote(String(value))}`);
  }
  return flags.join(' ');
}

export function registerSandbox(program: Command): void {
  program
    .command('sandbox')
    .description('serve provider simulators on loopback over one seeded world, until interrupted (for trying the hub without credentials)')
    .option('--provider <name>', `a skin to serve (repeatable or comma-separated; default all: ${SKIN_PROVIDERS.join(', ')})`, collect, [])
    .option('--seed <n>', 'data seed; the same seed gives the same data', '1')
    .option('--partners <n>', 'timing partners, each with an account at every provider', '2')
    .option('--events <n>', 'events (race days) per partner at each registration provider (default: 5)')
    .option('--races-per-event <n>', 'races (starts) per event (default: 2)')
    .option('--registrations-per-race <n>', 'registrations per race (default: 50)')
    .option('--total-registrations <n>', 'spread exactly this many registrations over all races instead')
    .addOption(new Option('--races <n>', 'old name of --events').hideHelp())
    .addOption(new Option('--events-per-race <n>', 'old name of --races-per-event').hideHelp())
    .addOption(new Option('--participants-per-event <n>', 'old name of --registrations-per-race').hideHelp())
    .addOption(new Option('--total-participants <n>', 'old name of --total-registrations').hideHelp())
    .option('--past-share <f>', 'share of events already run (their results are complete)', '0.3')
    .option('--scored-share <f>', 'share of events also scored at ChronoTrack or Copernico', '0.5')
    .option('--result-sets <n>', 'RunSignUp result sets per race already run', '1')
    .option('--calls-per-hour <n>', 'throttle above this many calls per credential and hour (Haku: 500 unless set)')
    .option('--latency-ms <n>', 'delay added to every API answer', '0')
    .option('--clock <kind>', 'real, or virtual (frozen at the anchor until moved through /_admin/clock)', 'real')
    .option('--port <n>', 'port on 127.0.0.1 with one --provider (0 picks a free one)', '0')
    .option('--json', 'print each provider\'s base URL, auth URL, admin origin and credentials as JSON')
    .addHelpText('after', `
Every provider's port also serves the admin API (no auth, not counted, never delayed):
  GET    /_admin/state            what the provider shows now (events, races, counts, calls, clock)
  GET    /_admin/state?race=<id>  one race in neutral form: registrations and the results visible now
  POST   /_admin/mutate           change the world, e.g. -d '{"register":5,"assignBibs":10,"remove":1}'
                                  (also cancel, edit, changeBibs, duplicateBibs, results, correctTimes, dnfToFinish,
                                  withdrawResults; target with the provider's own ids or event/race)
  GET    /_admin/faults           pending faults; POST {"kind":"5xx","count":2,"pathPattern":"participants"}
                                  kinds: 5xx timeout reset malformed truncated throttle empty_page
                                  repeat_page expired_token; or {"random":{"rate":0.1,"seed":1}}
  DELETE /_admin/faults           clear them
  GET    /_admin/clock            the clock; POST {"set":"2025-06-01T12:00:00Z"} or {"advanceMs":60000}
  POST   /_admin/corrupt          break a field of chosen records, e.g. {"race":3,"count":2}
The world is shared: a change made through one port shows on every port that shows that event.`)
    .action(async (flags: SandboxFlags) => {
      const sandbox = await startSandbox(sandboxOptions(flags));
      if (flags.json) {
        process.stdout.write(JSON.stringify(sandbox.endpoints, null, 2) + '\n');
      } else {
        const rows = sandbox.endpoints.flatMap((endpoint) =>
          endpoint.credentials.map((credentials) => [
            endpoint.provider, credentials.partner, endpoint.baseUrl, endpoint.authUrl ?? '', connectionFlags(endpoint, credentials),
          ]),
        );
        process.stdout.write(formatTable(['provider', 'partner', 'base url', 'auth url', 'p88 connection add flags'], rows));
        process.stdout.write(`Admin API at <origin>/_admin on each port (see --help). Press Ctrl-C to stop.\n`);
      }
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await sandbox.close();
    });
}
