import type { Command } from 'commander';
import { setTimeout as sleep } from 'node:timers/promises';
import { SyncError } from '../../errors.js';
import { readChanges, type FeedChange } from '../../read/changes.js';
import { streamView, VIEWS, type ViewName } from '../../read/views.js';
import { getPartner } from '../../tenants/partners.js';
import type { App } from '../../app.js';
import type { Output } from '../output.js';
import { withStopSignal } from './sync.js';
import { parseId, type CommandRunner } from './shared.js';

/** How often `--follow` looks for new changes. */
const FOLLOW_POLL_MS = 500;

export function registerData(program: Command, run: CommandRunner): void {
  program
    .command('changes')
    .description("a partner's change feed: created, updated, deleted, bib and result changes, oldest first")
    .requiredOption('--partner <id>', 'timing partner id')
    .option('--after <change id>', 'only changes after this one (the feed cursor)', '0')
    .option('--limit <n>', 'at most this many changes (without --follow)', '1000')
    .option('--follow', 'keep printing new changes as they are committed, until Ctrl-C')
    .option('--json', 'one JSON object per line')
    .addHelpText('after', '\nScripts keep the last id they saw and pass it as --after next time; no change is ever skipped.')
    .action((flags: { partner: string; after: string; limit: string; follow?: boolean; json?: boolean }) =>
      run(flags, async (app, out) => {
        const partnerId = await partnerOf(app, flags.partner);
        const after = parseCursor(flags.after);
        const limit = parseId(flags.limit, '--limit');
        if (!flags.follow) {
          for (const change of await readChanges(app.db, partnerId, after, limit)) out.write(formatChange(change, out.json));
          return 0;
        }
        return withStopSignal(async (signal) => {
          let cursor = after;
          while (!signal.aborted) {
            const changes = await readChanges(app.db, partnerId, cursor, 1000);
            for (const change of changes) out.write(formatChange(change, out.json));
            cursor = changes.at(-1)?.id ?? cursor;
            if (changes.length < 1000) await sleep(FOLLOW_POLL_MS, undefined, { signal }).catch(() => undefined);
          }
          return 0;
        });
      }),
    );

  program
    .command('export')
    .description('write one of the public views of a partner to stdout, streamed (any size, flat memory)')
    .requiredOption('--partner <id>', 'timing partner id')
    .requiredOption('--view <name>', Object.keys(VIEWS).join(' | '))
    .option('--race <id>', 'only this race (the race_id of unified_races)')
    .option('--format <format>', 'csv | jsonl', 'csv')
    .action((flags: { partner: string; view: string; race?: string; format: string; json?: boolean }) =>
      run(flags, async (app, out) => {
        const partnerId = await partnerOf(app, flags.partner);
        if (!(flags.view in VIEWS)) throw new SyncError('config', `--view must be one of ${Object.keys(VIEWS).join(', ')}, got "${flags.view}"`);
        if (flags.format !== 'csv' && flags.format !== 'jsonl') throw new SyncError('config', `--format must be csv or jsonl, got "${flags.format}"`);
        const raceId = flags.race === undefined ? undefined : parseId(flags.race, '--race');
        await exportView(app, out, { partnerId, view: flags.view as ViewName, raceId }, flags.format);
        return 0;
      }),
    );
}

async function partnerOf(app: App, text: string): Promise<number> {
  const id = parseId(text, '--partner');
  if (!(await getPartner(app.db, id))) throw new SyncError('config', `No timing partner with id ${id}; see \`p88 partner list\``);
  return id;
}

function parseCursor(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) throw new SyncError('config', `--after must be a change id (a whole number ≥ 0), got "${text}"`);
  return value;
}

function formatChange(change: FeedChange, json: boolean): string {
  if (json) return JSON.stringify(change) + '\n';
  const values = (v: Record<string, unknown> | null) => (v ? JSON.stringify(v) : '-');
  const who = `${change.entity} ${change.providerId ?? `#${change.entityId}`}`;
  return `${change.id}  ${change.createdAt.toISOString()}  ${change.kind.padEnd(16)} ${who}  ${values(change.oldValues)} → ${values(change.newValues)}\n`;
}

async function exportView(app: App, out: Output, query: { partnerId: number; view: ViewName; raceId?: number }, format: 'csv' | 'jsonl'): Promise<void> {
  let header: string[] | null = null;
  for await (const rows of streamView(app.db, query)) {
    if (format === 'jsonl') {
      out.write(rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
      continue;
    }
    const first = header === null;
    header ??= Object.keys(rows[0]!);
    const lines = rows.map((row) => header!.map((column) => csvCell(row[column])).join(','));
    out.write((first ? header.join(',') + '\n' : '') + lines.join('\n') + '\n');
  }
}

/** RFC 4180: quoted when it holds a comma, quote or line break; dates as ISO 8601. */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
