import type { Transaction } from '../db/database.js';
import { classifyError, errorMessage, SyncError, type ErrorClass } from '../errors.js';
import type { ConnectionHandle, RunReport, SyncContext } from './context.js';
import { insertRejects, type RejectRow } from './store/changes.js';
import { addCounts, addRunCounts, emptyCounts, finishRun, startRun, type RunCounts, type RunMode } from './store/runs.js';
import { claimTarget, extendLease, releaseTarget, saveCheckpoint, type Target } from './store/targets.js';

const LEASE_MS = 5 * 60_000;

/** Error classes after which a later run can go on from the checkpoint without anyone acting. */
const PARTIAL_CLASSES: ErrorClass[] = ['rate_limited'];

/**
 * One run of one target, from lease to release: the bookkeeping every kind of sync shares. Pages are
 * committed through `commitPage`, which writes the page, its counts, its rejects and the checkpoint in
 * one transaction. A dry run holds no lease and writes nothing.
 */
export class RunLifecycle {
  readonly counts: RunCounts = emptyCounts();
  runId: number | null = null;
  private readonly startedAt = Date.now();
  private readonly callsAtStart: number;
  private callsCommitted = 0;

  constructor(
    private readonly ctx: SyncContext,
    private readonly handle: ConnectionHandle,
    readonly target: Target,
    readonly dryRun: boolean,
    private readonly report: Pick<RunReport, 'kind' | 'race'>,
  ) {
    this.callsAtStart = handle.calls();
  }

  /** Takes the lease and opens the run; throws when another process is running this target. */
  async begin(mode: RunMode, cursorFrom: unknown): Promise<void> {
    if (this.dryRun) return;
    const claimed = await claimTarget(this.ctx.db, this.target.id, this.ctx.holder, LEASE_MS);
    if (!claimed) throw new SyncError('transient', `target ${this.target.id} is being synced by another process`);
    const latenessMs = this.target.nextRunAt ? Math.max(0, this.ctx.now().getTime() - this.target.nextRunAt.getTime()) : null;
    this.runId = await startRun(this.ctx.db, { targetId: this.target.id, mode, dryRun: false, cursorFrom, latenessMs });
  }

  apiCalls(): number {
    return this.handle.calls() - this.callsAtStart;
  }

  /** Writes one page atomically: `write` plus counts, rejects and the checkpoint that follows the page. */
  async commitPage(
    page: { counts: Partial<RunCounts>; rejects: RejectRow[]; checkpoint: unknown },
    write: (tx: Transaction) => Promise<void>,
  ): Promise<void> {
    const counts = { ...page.counts, rejected: (page.counts.rejected ?? 0) + page.rejects.length, pages: 1 };
    addCounts(this.counts, counts);
    if (this.dryRun) return;
    const calls = this.apiCalls();
    const newCalls = calls - this.callsCommitted;
    this.callsCommitted = calls;
    await this.ctx.db.transaction(async (tx) => {
      await write(tx);
      await insertRejects(
        tx,
        { timingPartnerId: this.target.timingPartnerId, provider: this.handle.connection.provider, targetId: this.target.id, runId: this.runId },
        page.rejects,
      );
      await addRunCounts(tx, this.runId!, { ...counts, apiCalls: newCalls });
      await saveCheckpoint(tx, this.target.id, page.checkpoint);
      await extendLease(tx, this.target.id, this.ctx.holder, LEASE_MS);
    });
    this.ctx.log.debug({ targetId: this.target.id, runId: this.runId, pages: this.counts.pages }, 'page committed');
  }

  /** A write outside the page flow (deletions after a full read), still in one transaction. */
  async commit(counts: Partial<RunCounts>, write: (tx: Transaction) => Promise<void>): Promise<void> {
    addCounts(this.counts, counts);
    if (this.dryRun) return;
    await this.ctx.db.transaction(async (tx) => {
      await write(tx);
      await addRunCounts(tx, this.runId!, counts);
    });
  }

  async succeed(mode: RunMode, cursorTo: unknown, extra: Partial<RunReport> = {}): Promise<RunReport> {
    this.counts.apiCalls = this.apiCalls();
    if (!this.dryRun) {
      await finishRun(this.ctx.db, this.runId!, { status: 'succeeded', apiCalls: this.counts.apiCalls, cursorTo });
      await releaseTarget(this.ctx.db, this.target.id, this.ctx.holder, { succeeded: true, cursor: cursorTo, error: null });
    }
    return this.toReport(mode, 'succeeded', extra);
  }

  /** Ends the run without success; the checkpoint stays, so the next run resumes after the last page. */
  async fail(mode: RunMode, error: unknown): Promise<RunReport> {
    const errorClass = classifyError(error);
    const status = PARTIAL_CLASSES.includes(errorClass) ? 'partial' : 'failed';
    this.ctx.log.warn({ targetId: this.target.id, runId: this.runId, errorClass, err: errorMessage(error) }, 'sync run did not finish');
    return this.end(mode, status, errorClass, errorMessage(error));
  }

  /** Stopped on request between pages: the checkpoint is in place for the next run. */
  async stop(mode: RunMode): Promise<RunReport> {
    return this.end(mode, 'partial', undefined, 'stopped on request; the next run resumes from its checkpoint');
  }

  private async end(mode: RunMode, status: 'partial' | 'failed', errorClass: ErrorClass | undefined, message: string): Promise<RunReport> {
    this.counts.apiCalls = this.apiCalls();
    if (!this.dryRun && this.runId !== null) {
      await finishRun(this.ctx.db, this.runId, { status, apiCalls: this.counts.apiCalls, errorClass, errorMessage: message });
      const error = errorClass ? `${errorClass}: ${message}` : message;
      await releaseTarget(this.ctx.db, this.target.id, this.ctx.holder, { succeeded: false, error });
    }
    return this.toReport(mode, status, { errorClass, error: message });
  }

  private toReport(mode: RunMode, status: RunReport['status'], extra: Partial<RunReport>): RunReport {
    const connection = this.handle.connection;
    return {
      timingPartnerId: connection.timingPartnerId,
      connectionId: connection.id,
      provider: connection.provider,
      kind: this.report.kind,
      targetId: this.target.id,
      runId: this.runId,
      race: this.report.race,
      mode,
      status,
      dryRun: this.dryRun,
      counts: { ...this.counts },
      durationMs: Date.now() - this.startedAt,
      ...extra,
    };
  }
}
