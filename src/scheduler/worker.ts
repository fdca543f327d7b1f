import { setTimeout as sleep } from 'node:timers/promises';
import { classifyDatabaseError, errorMessage } from '../errors.js';
import type { RunReport } from '../sync/context.js';
import { listConnections } from '../tenants/connections.js';
import { executeTarget, type SchedulerDeps } from './execute.js';
import { ensureDiscoveryTargets } from './planner.js';
import { leaseDueTarget, rescheduleTarget } from '../sync/store/targets-queue.js';

/** How soon work is tried again after the database failed under it. */
const DATABASE_RETRY_MS = 2_000;

export interface WorkerOptions {
  /** Targets run at the same time by this process. */
  concurrency: number;
  /** How long an idle loop waits before looking for due work again. */
  idleMs: number;
  onRun?: (report: RunReport) => void;
}

/**
 * The scheduler loop: take the most urgent due target, run it, set its next run, repeat. Several loops
 * (`concurrency`) and several processes share the queue through the database. On stop, each loop
 * finishes its current page, checkpoints, and gives its lease back.
 */
export class Worker {
  constructor(
    private readonly deps: SchedulerDeps,
    private readonly options: WorkerOptions,
  ) {}

  /** Makes sure every connection has a discovery target, so new connections start by themselves. */
  async prepare(): Promise<void> {
    const { ctx } = this.deps;
    await ensureDiscoveryTargets(ctx.db, await listConnections(ctx.db), ctx.now());
  }

  /** Runs one due target if there is one; false when nothing was due. */
  async tick(deps: SchedulerDeps = this.deps): Promise<boolean> {
    const { ctx } = deps;
    const target = await leaseDueTarget(ctx.db, ctx.holder, ctx.now(), deps.leaseMs);
    if (!target) return false;
    try {
      for (const report of await executeTarget(deps, target)) this.options.onRun?.(report);
    } catch (error) {
      // A failure around the run (ours, or the database's): log it and retry later, never crash the loop.
      // The database coming back is worth a quick retry; anything else waits a minute.
      const retryMs = classifyDatabaseError(error) === 'transient' ? DATABASE_RETRY_MS : 60_000;
      ctx.log.error({ targetId: target.id, err: errorMessage(error) }, 'could not run target');
      await rescheduleTarget(ctx.db, target.id, ctx.holder, {
        nextRunAt: new Date(ctx.now().getTime() + retryMs), priority: target.priority, state: 'active',
      }).catch(() => undefined);
    }
    return true;
  }

  async run(signal: AbortSignal): Promise<void> {
    await this.prepare();
    // Each loop holds leases under a name of its own, so a lease a loop left behind is recognisably its own.
    const loop = async (index: number) => {
      const deps = { ...this.deps, ctx: { ...this.deps.ctx, holder: `${this.deps.ctx.holder}:w${index + 1}` } };
      while (!signal.aborted) {
        let worked: boolean;
        try {
          worked = await this.tick(deps);
        } catch (error) {
          // Leasing failed: the database went away under the loop (a restart, its sessions terminated).
          // The loop waits for it to come back; any other failure is a bug and ends the worker.
          if (classifyDatabaseError(error) !== 'transient') throw error;
          deps.ctx.log.warn({ err: errorMessage(error) }, 'database unavailable; trying again shortly');
          await sleep(DATABASE_RETRY_MS, undefined, { signal }).catch(() => undefined);
          continue;
        }
        if (!worked && !signal.aborted) await sleep(this.options.idleMs, undefined, { signal }).catch(() => undefined);
      }
    };
    await Promise.all(Array.from({ length: this.options.concurrency }, (_, index) => loop(index)));
  }
}
