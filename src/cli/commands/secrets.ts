import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { rotateSecretKey } from '../../services/secrets.js';
import { printJson } from '../output.js';
import type { CommandRunner } from './shared.js';

export function registerSecrets(program: Command, run: CommandRunner): void {
  const secrets = program.command('secrets').description('the key stored credentials, tokens and webhook secrets are sealed with');
  secrets.command('rotate')
    .description('seal every stored secret with a new key, in one transaction')
    .requiredOption('--new-key <key>', '32 bytes as 64 hex or 44 base64 characters; "-" reads it from stdin')
    .option('--json', 'print what was rotated')
    .addHelpText('after', `
The current key (P88_SECRET_KEY or the data folder's secret.key) must open everything, or nothing is
rotated. A generated key file is replaced with the new key; a key from P88_SECRET_KEY must then be
changed there before the next command. Generate a key with: openssl rand -hex 32`)
    .action((flags: { newKey: string; json?: boolean }) =>
      run(flags, async (app, out) => {
        const key = flags.newKey === '-' ? readFileSync(0, 'utf8').trim() : flags.newKey;
        const rotation = await rotateSecretKey(app, key);
        if (out.json) printJson(out, rotation);
        else out.write(`Re-sealed ${rotation.connections} connection(s), ${rotation.tokens} token(s), ${rotation.webhooks} webhook secret(s). The new key is in ${rotation.keyNowIn}.\n`);
        return 0;
      }));
}
