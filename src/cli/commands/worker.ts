import type { Command } from 'commander';
import { SyncError } from '../../errors.js';
import { raiseAlertOnce } from '../../sync/store/changes.js';
import { Worker } from '../../scheduler/worker.js';
import { workerId } from '../../sync/store/targets.js';
import type { App } from '../../app.js';
import type { Output } from '../output.js';
import { parseConcurrency, type CommandRunner } from './shared.js';

interface WorkerFlags {
  concurrency: string;
  idleMs: string;
  json?: boolean;
}

export function registerWorker(program: Command, run: CommandRunner): void {
  program
    .command('worker')
    .description('run the scheduler: every race on its own clock, most urgent first, inside each connection\'s call budget')
    .option('--concurrency <n>', 'targets run at the same time by this process', '2')
    .option('--idle-ms <ms>', 'how long to wait when nothing is due', '1000')
    .option('--json', 'print one JSON line per finished run instead of a text line')
    .addHelpText('after', `
Start as many workers as you like against one PostgreSQL (DATABASE_URL); they share the queue and the
call budgets. On the embedded database run one. Ctrl-C (SIGINT) or SIGTERM: each run finishes its page,
keeps its checkpoint and gives its lease back.`)
    .action((flags: WorkerFlags) => run(flags, (app, out) => workerCommand(app, out, flags)));
}

async function workerCommand(app: App, out: Output, flags: WorkerFlags): Promise<number> {
  const concurrency = parseConcurrency(flags.concurrency);
  const idleMs = Number(flags.idleMs);
  if (!Number.isInteger(idleMs) || idleMs < 1) throw new SyncError('config', `--idle-ms must be a whole number of milliseconds ≥ 1, got "${flags.idleMs}"`);
  if (app.keyMismatch) {
    // One alert, not one log line per target and minute: nothing can run until the key is right.
    await raiseAlertOnce(app.db, { timingPartnerId: null, connectionId: null, targetId: null, kind: 'secret_key_mismatch', message: app.keyMismatch });
    throw new SyncError('config', `${app.keyMismatch}; the worker cannot run any connection`);
  }
  const stop = new AbortController();
  const onSignal = () => {
    if (!stop.signal.aborted) out.progress('Stopping: finishing the current pages…\n');
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const worker = new Worker(app.schedulerDeps({ signal: stop.signal }), {
    concurrency,
    idleMs,
    onRun: (r) => {
      const line = out.json
        ? JSON.stringify({ kind: r.kind, connection: r.connectionId, race: r.race?.providerRaceId ?? null, mode: r.mode, status: r.status, ...r.counts, error: r.error })
        : `${r.status === 'succeeded' ? '✓' : '✗'} ${r.kind} ${r.race ? `${r.race.name} (${r.race.providerRaceId})` : `connection ${r.connectionId}`}: ` +
          `${r.mode} ${r.status}, ${r.counts.created} created, ${r.counts.updated} updated, ${r.counts.deleted} deleted, ${r.counts.apiCalls} calls` +
          (r.error ? ` — ${r.error}` : '');
      out.write(line + '\n');
    },
  });
  app.log.info({ holder: workerId(), concurrency }, 'worker started');
  try {
    await worker.run(stop.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  app.log.info('worker stopped');
  return 0;
}
