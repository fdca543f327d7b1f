import type { Command } from 'commander';
import { startRunSignupSandbox, type RunSignupSandboxOptions } from '../../sandbox/index.js';

interface SandboxFlags {
  seed: string;
  partners: string;
  races: string;
  eventsPerRace: string;
  participantsPerEvent: string;
  totalParticipants?: string;
  resultSets: string;
  pastShare: string;
  callsPerHour?: string;
  latencyMs: string;
  port: string;
  json?: boolean;
}

const whole = (text: string | undefined): number | undefined => (text === undefined ? undefined : Number(text));

export function sandboxOptions(flags: SandboxFlags): RunSignupSandboxOptions {
  return {
    seed: whole(flags.seed),
    partners: whole(flags.partners),
    racesPerPartner: whole(flags.races),
    eventsPerRace: whole(flags.eventsPerRace),
    participantsPerEvent: whole(flags.participantsPerEvent),
    totalParticipants: whole(flags.totalParticipants),
    resultSetsPerEvent: whole(flags.resultSets),
    pastShare: Number(flags.pastShare),
    callsPerHour: whole(flags.callsPerHour),
    latencyMs: whole(flags.latencyMs),
    port: whole(flags.port),
  };
}

export function registerSandbox(program: Command): void {
  program
    .command('sandbox')
    .description('serve a RunSignUp simulator on loopback until interrupted (for trying the hub without credentials)')
    .option('--seed <n>', 'data seed; the same seed gives the same data', '1')
    .option('--partners <n>', 'partners, each with its own API key pair', '2')
    .option('--races <n>', 'races per partner', '5')
    .option('--events-per-race <n>', 'events (distances) per race', '2')
    .option('--participants-per-event <n>', 'participants per event', '50')
    .option('--total-participants <n>', 'spread exactly this many participants over all events instead')
    .option('--result-sets <n>', 'result sets per past event', '1')
    .option('--past-share <f>', 'share of races already run (they have results)', '0.3')
    .option('--calls-per-hour <n>', 'answer error 14 (throttled) above this many calls per key and hour')
    .option('--latency-ms <n>', 'delay added to every answer', '0')
    .option('--port <n>', 'port on 127.0.0.1 (0 picks a free one)', '0')
    .option('--json', 'print the base URL and credentials as JSON')
    .addHelpText('after', `
Change the world between syncs with POST <origin>/_admin/mutate, e.g.
  curl -X POST <origin>/_admin/mutate -d '{"register":5,"assignBibs":10,"remove":1}'
See the state with GET <origin>/_admin/state.`)
    .action(async (flags: SandboxFlags) => {
      const sandbox = await startRunSignupSandbox(sandboxOptions(flags));
      const info = { baseUrl: sandbox.baseUrl, admin: `${sandbox.origin}/_admin`, credentials: sandbox.credentials };
      if (flags.json) process.stdout.write(JSON.stringify(info, null, 2) + '\n');
      else {
        process.stdout.write(`RunSignUp sandbox at ${sandbox.baseUrl} (admin: ${info.admin})\n`);
        for (const c of sandbox.credentials) {
          process.stdout.write(`  partner ${c.partner}: --api-key ${c.apiKey} --api-secret ${c.apiSecret}\n`);
        }
        process.stdout.write('Press Ctrl-C to stop.\n');
      }
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await sandbox.close();
    });
}
