import { setTimeout as sleep } from 'node:timers/promises';
import type { Transaction } from '../db/database.js';
import { classifyDatabaseError, classifyError, describeFailure, errorMessage, SyncError, type ErrorClass } from '../errors.js';
import type { ConnectionHandle, PreviewChange, RunReport, SyncContext } from './context.js';
import { insertRejects, type RejectRow } from './store/changes.js';
import { addCounts, addRunCounts, emptyCounts, startRun, type RunCounts, type RunMode } from './store/runs.js';
import { claimTarget, endRunOnTarget, extendLease, HEARTBEAT_MS, LEASE_MS, savePageProgress, type Target } from './store/targets.js';

const LEASE_POLL_MS = 250;

/** Error classes after which a later run can go on from the checkpoint without anyone acting. */
const PARTIAL_CLASSES: ErrorClass[] = ['rate_limited'];

/** One target a run serves, with the race it covers (for reports). */
export interface RunMember {
  target: Target;
  race: RunReport['race'];
}

/**
 * One run, from lease to release: the bookkeeping every kind of sync shares. A run usually serves one
 * target; a provider read that covers several races at once (RunSignUp's comma-separated event ids)
 * serves one target per race, and every page commits all of their counts and checkpoints in the same
 * transaction. API calls are counted on the first (lead) target's run. A dry run holds no lease and
 * writes nothing.
 */
export class RunLifecycle {
  private readonly counts = new Map<number, RunCounts>();
  private readonly runIds = new Map<number, number>();
  private readonly startedAt = Date.now();
  private readonly callsAtStart: number;
  private callsCommitted = 0;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly preview: PreviewChange[] = [];

  constructor(
    private readonly ctx: SyncContext,
    private readonly handle: ConnectionHandle,
    readonly members: RunMember[],
    readonly dryRun: boolean,
    private readonly kind: RunReport['kind'],
  ) {
    this.callsAtStart = handle.calls();
    for (const member of members) this.counts.set(member.target.id, emptyCounts());
  }

  get lead(): Target {
    return this.members[0]!.target;
  }

  /** The lead target's run id (change rows point at it). */
  get runId(): number | null {
    return this.runIds.get(this.lead.id) ?? null;
  }

  /** Takes every member's lease and opens their runs; throws when another process runs one of them. */
  async begin(mode: RunMode, cursorFrom: unknown): Promise<void> {
    if (this.dryRun) return;
    for (const { target } of this.members) {
      await this.claim(target);
      const latenessMs = target.nextRunAt ? Math.max(0, this.ctx.now().getTime() - target.nextRunAt.getTime()) : null;
      this.runIds.set(target.id, await startRun(this.ctx.db, { targetId: target.id, mode, dryRun: false, cursorFrom, latenessMs }));
    }
    // Keeps the leases alive between pages (a slow provider page may take longer than a lease).
    this.heartbeat = setInterval(() => {
      for (const { target } of this.members) extendLease(this.ctx.db, target.id, this.ctx.holder, LEASE_MS).catch(() => undefined);
    }, HEARTBEAT_MS).unref();
  }

  /** Takes the target's lease, waiting (when the context allows) for another process to give it back. */
  private async claim(target: Target): Promise<void> {
    const deadline = Date.now() + (this.ctx.waitForLeaseMs ?? 0);
    for (let waited = false; ; waited = true) {
      if (await claimTarget(this.ctx.db, target.id, this.ctx.holder, LEASE_MS)) return;
      if (Date.now() >= deadline || this.ctx.signal?.aborted) {
        throw new SyncError('transient', `target ${target.id} is being synced by another process${waited ? ', which did not finish in time' : ''}`);
      }
      if (!waited) this.ctx.log.info({ targetId: target.id }, 'another process is syncing this target; waiting for it');
      await sleep(LEASE_POLL_MS);
    }
  }

  apiCalls(): number {
    return this.handle.calls() - this.callsAtStart;
  }

  /**
   * Writes one page atomically: `write` plus counts, rejects and the checkpoint that follows the page.
   * `counts` is per target id; a run of one target may pass the lead's counts alone.
   */
  async commitPage(
    page: { counts: Map<number, Partial<RunCounts>> | Partial<RunCounts>; rejects: RejectRow[]; checkpoint: unknown; preview?: () => PreviewChange[] },
    write: (tx: Transaction) => Promise<void>,
  ): Promise<void> {
    const byTarget = page.counts instanceof Map ? page.counts : new Map([[this.lead.id, page.counts]]);
    const calls = this.apiCalls();
    const newCalls = calls - this.callsCommitted;
    this.callsCommitted = calls;
    const perTarget = this.members.map(({ target }) => {
      const counts: Partial<RunCounts> = { ...byTarget.get(target.id), pages: 1 };
      if (target.id === this.lead.id) {
        counts.rejected = (counts.rejected ?? 0) + page.rejects.length;
        counts.apiCalls = newCalls;
      }
      addCounts(this.counts.get(target.id)!, { ...counts, apiCalls: 0 });
      return { target, counts };
    });
    if (this.dryRun) {
      if (page.preview) this.preview.push(...page.preview());
      return;
    }
    await this.ctx.db.transaction(async (tx) => {
      for (const { target, counts } of perTarget) {
        await savePageProgress(tx, { runId: this.runIds.get(target.id)!, counts }, { id: target.id, holder: this.ctx.holder, checkpoint: page.checkpoint, leaseMs: LEASE_MS });
      }
      await insertRejects(
        tx,
        { timingPartnerId: this.lead.timingPartnerId, provider: this.handle.connection.provider, targetId: this.lead.id, runId: this.runId },
        page.rejects,
      );
      // Last: writing change rows takes the change log's commit-order lock (migration 0010), held to the commit.
      await write(tx);
    });
    this.ctx.log.debug({ targetId: this.lead.id, runId: this.runId, pages: this.counts.get(this.lead.id)!.pages }, 'page committed');
  }

  /** A write outside the page flow (deletions after a full read), still in one transaction. */
  async commit(counts: Map<number, Partial<RunCounts>>, write: (tx: Transaction) => Promise<void>, preview?: () => PreviewChange[]): Promise<void> {
    for (const [targetId, more] of counts) addCounts(this.counts.get(targetId)!, more);
    if (this.dryRun) {
      if (preview) this.preview.push(...preview());
      return;
    }
    await this.ctx.db.transaction(async (tx) => {
      for (const [targetId, more] of counts) await addRunCounts(tx, this.runIds.get(targetId)!, more);
      await write(tx); // last, as in commitPage
    });
  }

  /** `cursorTo` is the cursor every member keeps, or a function giving each its own. */
  async succeed(mode: RunMode, cursorTo: unknown, extra: Partial<RunReport> = {}): Promise<RunReport[]> {
    clearInterval(this.heartbeat);
    const apiCalls = this.apiCalls();
    if (!this.dryRun) {
      for (const { target } of this.members) {
        const calls = target.id === this.lead.id ? apiCalls : 0;
        const cursor = typeof cursorTo === 'function' ? (cursorTo as (t: Target) => unknown)(target) : cursorTo;
        await endRunOnTarget(
          this.ctx.db,
          { id: this.runIds.get(target.id)!, outcome: { status: 'succeeded', apiCalls: calls, cursorTo: cursor } },
          { id: target.id, holder: this.ctx.holder, outcome: { succeeded: true, cursor, error: null, keepLease: this.ctx.keepLease } },
        );
      }
    }
    return this.reports(mode, 'succeeded', extra);
  }

  /** Ends the run without success; the checkpoint stays, so the next run resumes after the last page. */
  async fail(mode: RunMode, error: unknown): Promise<RunReport[]> {
    const errorClass = classifyError(error);
    const status = PARTIAL_CLASSES.includes(errorClass) ? 'partial' : 'failed';
    const retry = error instanceof SyncError && error.retryAfterMs !== undefined
      ? { retryAfterMs: error.retryAfterMs, budgetExhausted: error.name === 'BudgetExhausted' }
      : classifyDatabaseError(error) === 'transient' ? { databaseFault: true } : {};
    this.ctx.log.warn({ targetId: this.lead.id, runId: this.runId, errorClass, err: errorMessage(error) }, 'sync run did not finish');
    return this.end(mode, status, errorClass, errorMessage(error), retry);
  }

  /** Stopped on request between pages: the checkpoint is in place for the next run. */
  async stop(mode: RunMode): Promise<RunReport[]> {
    return this.end(mode, 'partial', undefined, 'stopped on request; the next run resumes from its checkpoint');
  }

  private async end(
    mode: RunMode,
    status: 'partial' | 'failed',
    errorClass: ErrorClass | undefined,
    message: string,
    extra: Partial<RunReport> = {},
  ): Promise<RunReport[]> {
    clearInterval(this.heartbeat);
    const apiCalls = this.apiCalls();
    if (!this.dryRun) {
      try {
        for (const { target } of this.members) {
          const runId = this.runIds.get(target.id);
          if (runId === undefined) continue;
          const calls = target.id === this.lead.id ? apiCalls : 0;
          const error = errorClass ? `${errorClass}: ${message}` : message;
          await endRunOnTarget(
            this.ctx.db,
            { id: runId, outcome: { status, apiCalls: calls, errorClass, errorMessage: message } },
            { id: target.id, holder: this.ctx.holder, outcome: { succeeded: false, error, keepLease: this.ctx.keepLease } },
          );
        }
      } catch (cause) {
        // The database that failed the run may not take its ending either (gone, read-only): the run
        // stays `running` with its lease, which lapses, and the next run closes it as interrupted.
        this.ctx.log.error({ targetId: this.lead.id, err: errorMessage(cause) }, 'could not record the end of the run');
      }
    }
    return this.reports(mode, status, { errorClass, error: describeFailure(message), ...extra });
  }

  private reports(mode: RunMode, status: RunReport['status'], extra: Partial<RunReport>): RunReport[] {
    const connection = this.handle.connection;
    const apiCalls = this.apiCalls();
    return this.members.map(({ target, race }) => ({
      timingPartnerId: connection.timingPartnerId,
      connectionId: connection.id,
      provider: connection.provider,
      kind: this.kind,
      targetId: target.id > 0 ? target.id : null,
      runId: this.runIds.get(target.id) ?? null,
      race,
      mode,
      status,
      dryRun: this.dryRun,
      counts: { ...this.counts.get(target.id)!, apiCalls: target.id === this.lead.id ? apiCalls : 0 },
      durationMs: Date.now() - this.startedAt,
      ...(this.dryRun && target.id === this.lead.id && this.preview.length ? { preview: this.preview } : {}),
      ...extra,
    }));
  }
}

/** The report's view of a race. */
export function raceOf(race: { providerRaceId: string; providerEventId: string; name: string; startTime: Date | null }): RunReport['race'] {
  return { providerRaceId: race.providerRaceId, providerEventId: race.providerEventId, name: race.name, startTime: race.startTime?.toISOString() ?? null };
}
