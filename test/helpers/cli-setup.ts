import type { RunSignupSandbox } from '../../src/sandbox/index.js';
import { runCliJson } from './cli.js';

export interface CliPartner {
  partner: string;
  connection: string;
}

/** `p88 partner add` and `p88 connection add` of one of the sandbox's RunSignUp accounts, through the CLI. */
export async function addRunSignupPartner(
  env: Record<string, string>,
  sandbox: RunSignupSandbox,
  options: { name?: string; timeZone?: string; credential?: number; settings?: string[] } = {},
): Promise<CliPartner> {
  const credential = sandbox.credentials[options.credential ?? 0]!;
  const partner = String((await runCliJson(['partner', 'add', '--name', options.name ?? 'Test Timing', ...(options.timeZone ? ['--time-zone', options.timeZone] : [])], env)).id);
  const connection = String((await runCliJson([
    'connection', 'add', '--partner', partner, '--provider', 'runsignup', '--api-key', credential.apiKey,
    '--api-secret', credential.apiSecret, '--base-url', sandbox.baseUrl, ...(options.settings ?? []).flatMap((s) => ['--setting', s]),
  ], env)).id);
  return { partner, connection };
}
