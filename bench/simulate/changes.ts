/**
 * The world's changes during the simulation: drawn up front from the seed (Poisson arrivals per kind),
 * applied to the sandbox when the virtual clock passes their time, then watched until the database
 * shows them. Staleness = virtual time the row was seen stored − virtual time the change was made.
 */
import type { Queryable } from '../../src/db/database.js';
import type { RunSignupSandbox } from '../../src/sandbox/index.js';
import { createRandom, hashSeed } from '../../src/sandbox/world/random.js';
import { HOUR, MINUTE, type ChangeRates, type Scenario } from './scenario.js';

export type ChangeKind = 'register' | 'assignBib' | 'remove' | 'farRegister';

/**
 * What a change counts towards: registrations and bibs of races within 4 h of their start are what the
 * target is about; withdrawals then come from the removed feed (read every few minutes); `day` is any
 * change 4–24 h before the start (15-minute cadence); `far` the later races (4-hour cadence).
 */
export type ChangeCategory = 'race_day' | 'day' | 'removal' | 'far';

interface PlannedChange {
  at: number;
  kind: ChangeKind;
  eventId: number;
  /** Start of the event (canonical race), ms. */
  startMs: number;
}

export interface ObservedChange {
  kind: ChangeKind;
  category: ChangeCategory;
  eventId: number;
  registrationId: string;
  madeAt: number;
  /** Null while not (yet) stored. */
  storedAt: number | null;
}

interface Pending extends ObservedChange {
  /** The bib the row must show (bib assignments). */
  bib?: string;
}

interface EventWindow {
  eventId: number;
  startMs: number;
  raceDay: boolean;
}

/** Until when (relative to the event start) each kind of change still happens. */
const OPEN_UNTIL: Record<ChangeKind, number> = { register: -10 * MINUTE, assignBib: 30 * MINUTE, remove: 0, farRegister: Infinity };

function listEvents(sandbox: RunSignupSandbox, s: Scenario): EventWindow[] {
  return sandbox.world.raceIds.flatMap((raceId, index) =>
    sandbox.world.eventIds(raceId).map((eventId) => ({
      eventId,
      startMs: sandbox.world.eventInfo(eventId)!.startTime * 1000,
      raceDay: index < s.raceDayRaces,
    })));
}

/** Every change of the run, in time order; the same seed gives the same plan. */
export function planChanges(sandbox: RunSignupSandbox, s: Scenario, from: Date, to: Date): PlannedChange[] {
  const events = listEvents(sandbox, s);
  const random = createRandom(hashSeed(s.seed, 'simulate-changes'));
  const planned: PlannedChange[] = [];
  for (const kind of Object.keys(s.rates) as (keyof ChangeRates)[]) {
    const perMs = s.rates[kind] / MINUTE;
    if (perMs <= 0) continue;
    const pool = events.filter((e) => e.raceDay === (kind !== 'farRegister'));
    for (let at = from.getTime(); ; ) {
      at += -Math.log(1 - random.next()) / perMs;
      if (at >= to.getTime()) break;
      const open = pool.filter((e) => at < e.startMs + OPEN_UNTIL[kind]);
      if (open.length === 0) continue;
      const event = random.pick(open);
      planned.push({ at: Math.round(at), kind, eventId: event.eventId, startMs: event.startMs });
    }
  }
  return planned.sort((a, b) => a.at - b.at);
}

function categoryOf(change: PlannedChange, madeAt: number): ChangeCategory {
  if (change.kind === 'farRegister') return 'far';
  if (madeAt < change.startMs - 4 * HOUR) return 'day';
  return change.kind === 'remove' ? 'removal' : 'race_day';
}

export class ChangeTracker {
  private next = 0;
  private readonly pending = new Map<string, Pending[]>();
  readonly observed: ObservedChange[] = [];
  /** Changes the sandbox could not make (no registration without a bib left, …). */
  skipped = 0;
  /** Changes overtaken by a withdrawal before they were stored. */
  superseded = 0;

  constructor(
    private readonly sandbox: RunSignupSandbox,
    private readonly plan: PlannedChange[],
  ) {}

  /** When the next planned change is due, or undefined when all are made. */
  nextAt(): number | undefined {
    return this.plan[this.next]?.at;
  }

  /** Makes every planned change whose time has come, stamped with the clock's time now. */
  applyDue(now: number): void {
    for (let change = this.plan[this.next]; change && change.at <= now; change = this.plan[++this.next]) {
      const summary = this.sandbox.mutate({ eventId: change.eventId, ...mutationOf(change.kind) });
      const id = [...summary.register, ...summary.assignBibs, ...summary.remove][0];
      if (id === undefined) {
        this.skipped += 1;
        continue;
      }
      const key = String(id);
      // A withdrawal supersedes whatever was still on its way; one of a registration never stored shows nowhere.
      if (change.kind === 'remove' && this.dropPending(key)) continue;
      const bib = change.kind === 'assignBib' ? this.bibOf(change.eventId, id) : undefined;
      const entry: Pending = { kind: change.kind, category: categoryOf(change, now), eventId: change.eventId, registrationId: key, madeAt: now, storedAt: null, bib };
      this.observed.push(entry);
      this.pending.set(key, [...(this.pending.get(key) ?? []), entry]);
    }
  }

  /** Events (RunSignUp event ids) whose participants a run has written since the last look. */
  private readonly written = new Set<number>();
  private looking: Promise<void> = Promise.resolve();

  /** A participants run wrote rows of this event: the next `resolve` looks there. Rows change only then. */
  noteWrite(eventId: number): void {
    this.written.add(eventId);
  }

  /**
   * Which pending changes of the written events the database shows now (one query on the participants'
   * unique key); they are stamped `now`, the time of the tick that wrote them. Looks run one at a time.
   */
  resolve(db: Queryable, timingPartnerId: number, now: number): Promise<void> {
    const look = this.looking.then(() => this.look(db, timingPartnerId, now));
    this.looking = look.catch(() => undefined);
    return look;
  }

  private async look(db: Queryable, timingPartnerId: number, now: number): Promise<void> {
    const keys = [...this.pending].filter(([, changes]) => changes.some((c) => this.written.has(c.eventId))).map(([key]) => key);
    this.written.clear();
    if (keys.length === 0) return;
    const rows = await db.query<{ id: string; bib: string | null; deleted: boolean }>(
      // One index probe per id, whatever the (freshly loaded, not yet analysed) table's statistics say.
      `select k.id, p.bib, p.deleted_at is not null as deleted from unnest($2::text[]) as k(id)
       join lateral (select bib, deleted_at from participants
                     where timing_partner_id = $1 and provider = 'runsignup' and provider_participant_id = k.id) p on true`,
      [timingPartnerId, keys],
    );
    for (const row of rows) {
      const waiting = this.pending.get(row.id) ?? [];
      const left = waiting.filter((change) => {
        if (!isShown(change, row)) return true;
        change.storedAt = Math.max(now, change.madeAt);
        return false;
      });
      if (left.length === 0) this.pending.delete(row.id);
      else this.pending.set(row.id, left);
    }
  }

  /** Forgets the registration's pending changes; true when it was never stored. */
  private dropPending(key: string): boolean {
    const dropped = this.pending.get(key) ?? [];
    for (const change of dropped) this.observed.splice(this.observed.indexOf(change), 1);
    this.superseded += dropped.length;
    this.pending.delete(key);
    return dropped.some((change) => change.kind === 'register' || change.kind === 'farRegister');
  }

  private bibOf(eventId: number, registrationId: number): string | undefined {
    const participant = this.sandbox.world.participants(eventId).find((p) => p.registration_id === registrationId);
    return participant?.bib_num == null ? undefined : String(participant.bib_num);
  }
}

function mutationOf(kind: ChangeKind) {
  if (kind === 'assignBib') return { assignBibs: 1 };
  if (kind === 'remove') return { remove: 1 };
  return { register: 1 };
}

function isShown(change: Pending, row: { bib: string | null; deleted: boolean }): boolean {
  if (change.kind === 'remove') return row.deleted;
  if (row.deleted) return false;
  return change.kind !== 'assignBib' || row.bib === change.bib;
}
