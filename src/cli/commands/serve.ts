import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AlertDelivery } from '../../alerts/index.js';
import { createApi, startServer } from '../../api/index.js';
import type { App } from '../../app.js';
import { SyncError } from '../../errors.js';
import { createMetrics } from '../../metrics/registry.js';
import { Worker } from '../../scheduler/worker.js';
import { raiseAlertOnce } from '../../sync/store/changes.js';
import type { Output } from '../output.js';
import { parseConcurrency, type CommandRunner } from './shared.js';

export interface ServeFlags {
  port: string;
  host: string;
  withWorker?: boolean;
  concurrency: string;
  alerts: boolean;
  json?: boolean;
}

export function registerServe(program: Command, run: CommandRunner): void {
  program
    .command('serve')
    .description('serve the HTTP API, the dashboard, /metrics and alert webhooks (optionally with the scheduler in the same process)')
    .option('--port <port>', 'TCP port (0: any free one)', '8088')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--with-worker', 'also run the scheduler loop in this process (the one-process embedded set-up)')
    .option('--concurrency <n>', 'with --with-worker: targets run at the same time', '2')
    .option('--no-alerts', 'do not deliver alerts to webhooks from this process')
    .option('--json', 'print {"url": …} when listening')
    .addHelpText('after', `
Tokens: \`p88 token create --partner <id>\` for race-day software, \`p88 token create --admin\` for the
dashboard. The API reference is at /docs once it runs. Ctrl-C (SIGINT) or SIGTERM stops it: requests in
flight are answered, long-polls answer at once, the worker finishes its pages.`)
    .action((flags: ServeFlags) =>
      run(flags, (app, out) => {
        const stop = new AbortController();
        const onSignal = () => {
          if (!stop.signal.aborted) out.progress('Stopping: answering the requests in flight…\n');
          stop.abort();
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
        return serveCommand(app, out, flags, stop.signal).finally(() => {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
        });
      }),
    );
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new SyncError('config', `--port must be a port number (0 to 65535), got "${text}"`);
  return port;
}

/** Serves until `signal` aborts; the body of `p88 serve` (tests call it with their own signal). */
export async function serveCommand(app: App, out: Output, flags: ServeFlags, signal: AbortSignal): Promise<number> {
  const port = parsePort(flags.port);
  const concurrency = parseConcurrency(flags.concurrency);
  const metrics = createMetrics(app.db, () => new Date());
  const api = createApi({ db: app.db, log: app.log, box: app.box, metrics, version: packageVersion() });
  const server = await startServer(api, { port, host: flags.host }).catch((error: Error) => {
    throw new SyncError('config', `cannot listen on ${flags.host}:${port}: ${error.message}`, { cause: error });
  });
  const background: Promise<void>[] = [];
  const stopBackground = new AbortController();
  if (flags.alerts) {
    const delivery = new AlertDelivery({ db: app.db, box: app.box, log: app.log, onAttempt: (outcome) => metrics.webhookDeliveries.inc({ outcome }) });
    background.push(delivery.run(stopBackground.signal));
  }
  if (flags.withWorker) background.push(runWorker(app, concurrency, stopBackground.signal));
  if (out.json) out.write(JSON.stringify({ url: server.url }) + '\n');
  else out.write(`Serving on ${server.url} (dashboard /, API /v1, reference /docs, metrics /metrics)${flags.withWorker ? ', with the scheduler' : ''}\n`);
  app.log.info({ url: server.url, withWorker: Boolean(flags.withWorker) }, 'serving');
  if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  await server.stop();
  stopBackground.abort();
  await Promise.all(background);
  app.log.info('stopped serving');
  return 0;
}

async function runWorker(app: App, concurrency: number, signal: AbortSignal): Promise<void> {
  if (app.keyMismatch) {
    await raiseAlertOnce(app.db, { timingPartnerId: null, connectionId: null, targetId: null, kind: 'secret_key_mismatch', message: app.keyMismatch });
    app.log.error({}, `${app.keyMismatch}; the worker cannot run any connection (the API still serves)`);
    return;
  }
  const worker = new Worker(app.schedulerDeps({ signal, concurrency }), { concurrency, idleMs: 1000 });
  await worker.run(signal);
}
