import type { Command } from 'commander';
import { addWebhook, ALERT_KINDS, listWebhooks, removeWebhook } from '../../alerts/index.js';
import { SyncError } from '../../errors.js';
import { formatTable, printJson } from '../output.js';
import { parseId, type CommandRunner } from './shared.js';

export function registerWebhook(program: Command, run: CommandRunner): void {
  const webhook = program.command('webhook').description('alert webhooks (Slack-compatible), delivered by `p88 serve`');
  webhook
    .command('add')
    .description('add a webhook and print its signing secret once')
    .requiredOption('--url <url>', 'where to POST (e.g. a Slack incoming-webhook URL)')
    .option('--partner <id>', 'only alerts of this partner (default: every partner and the hub\'s own)')
    .option('--events <kinds>', `comma-separated alert kinds (default: all): ${ALERT_KINDS.join(', ')}`)
    .option('--json', 'print {"id", "secret"}')
    .addHelpText('after', '\nEach POST carries x-p88-timestamp and x-p88-signature: sha256=HMAC-SHA256(secret, "<timestamp>.<body>") in hex.')
    .action((flags: { url: string; partner?: string; events?: string; json?: boolean }) =>
      run(flags, async (app, out) => {
        const { webhook: created, secret } = await addWebhook(app.db, app.box, {
          url: flags.url, partnerId: flags.partner ? parseId(flags.partner, '--partner') : null, events: flags.events ? flags.events.split(',') : null,
        });
        if (out.json) printJson(out, { id: created.id, secret });
        else out.write(`Webhook ${created.id} added. Signing secret (shown only now): ${secret}\n`);
        return 0;
      }),
    );
  webhook
    .command('list')
    .description('list webhooks')
    .option('--json', 'print a JSON array')
    .action((flags: { json?: boolean }) =>
      run(flags, async (app, out) => {
        const hooks = await listWebhooks(app.db);
        if (out.json) printJson(out, hooks);
        else out.write(formatTable(['id', 'url', 'partner', 'events'], hooks.map((h) => [h.id, h.url, h.partnerId ?? 'all', h.events?.join(',') ?? 'all'])));
        return 0;
      }),
    );
  webhook
    .command('remove <id>')
    .description('stop delivering to a webhook')
    .option('--json', 'print {"id", "removed"}')
    .action((id: string, flags: { json?: boolean }) =>
      run(flags, async (app, out) => {
        const webhookId = parseId(id, 'id');
        if (!(await removeWebhook(app.db, webhookId))) throw new SyncError('config', `No webhook with id ${webhookId}; see \`p88 webhook list\``);
        if (out.json) printJson(out, { id: webhookId, removed: true });
        else out.write(`Webhook ${webhookId} removed.\n`);
        return 0;
      }),
    );
}
