import type { Command } from 'commander';
import { SyncError } from '../../errors.js';
import { createToken, listTokens, revokeToken, type TokenScope } from '../../tokens/index.js';
import { formatTable, printJson } from '../output.js';
import { parseId, type CommandRunner } from './shared.js';

interface CreateFlags {
  partner?: string;
  admin?: boolean;
  name?: string;
  scope: string;
  json?: boolean;
}

export function registerToken(program: Command, run: CommandRunner): void {
  const token = program.command('token').description('API tokens for `p88 serve`: per partner for race-day software, admin for operators');
  token
    .command('create')
    .description('create a token and print it once (only its hash is stored)')
    .option('--partner <id>', 'the partner whose data the token reads')
    .option('--admin', 'an operator token: every partner, and the dashboard')
    .option('--scope <scope>', 'read | trigger (trigger may also start syncs and pause connections)', 'read')
    .option('--name <label>', 'what the token is for, e.g. "finish-line display"')
    .option('--json', 'print {"id", "token", …}')
    .action((flags: CreateFlags) =>
      run(flags, async (app, out) => {
        if (Boolean(flags.admin) === (flags.partner !== undefined)) throw new SyncError('config', 'give --partner <id> or --admin (one of them)');
        if (!['read', 'trigger'].includes(flags.scope)) throw new SyncError('config', `--scope must be read or trigger, got "${flags.scope}"`);
        const scope: TokenScope = flags.admin ? 'admin' : (flags.scope as TokenScope);
        const created = await createToken(app.db, { partnerId: flags.admin ? null : parseId(flags.partner!, '--partner'), scope, name: flags.name ?? null });
        if (out.json) printJson(out, { id: created.token.id, token: created.secret, partner: created.token.partnerId, scope });
        else {
          out.write(`${created.secret}\n`);
          out.progress(`Token ${created.token.id} (${scope}${created.token.partnerId ? `, partner ${created.token.partnerId}` : ''}) created. ` +
            'It is shown only now: store it where the software that uses it can read it.\n');
        }
        return 0;
      }),
    );
  token
    .command('list')
    .description('list tokens (never the tokens themselves)')
    .option('--partner <id>', 'only this partner')
    .option('--json', 'print a JSON array')
    .action((flags: { partner?: string; json?: boolean }) =>
      run(flags, async (app, out) => {
        const tokens = await listTokens(app.db, flags.partner ? parseId(flags.partner, '--partner') : undefined);
        if (out.json) printJson(out, tokens);
        else {
          out.write(formatTable(
            ['id', 'partner', 'scope', 'name', 'starts', 'created', 'last used', 'revoked'],
            tokens.map((t) => [t.id, t.partnerId ?? 'all', t.scope, t.name, `${t.prefix}…`, t.createdAt.toISOString(), t.lastUsedAt?.toISOString(), t.revokedAt?.toISOString()]),
          ));
        }
        return 0;
      }),
    );
  token
    .command('revoke <id>')
    .description('revoke a token: refused from the next request on')
    .option('--json', 'print {"id", "revoked"}')
    .action((id: string, flags: { json?: boolean }) =>
      run(flags, async (app, out) => {
        const tokenId = parseId(id, 'id');
        if (!(await revokeToken(app.db, tokenId))) throw new SyncError('config', `No live token with id ${tokenId}; see \`p88 token list\``);
        if (out.json) printJson(out, { id: tokenId, revoked: true });
        else out.write(`Token ${tokenId} revoked.\n`);
        return 0;
      }),
    );
}
