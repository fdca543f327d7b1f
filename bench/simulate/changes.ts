/**
 * The world's changes during the simulation: drawn up front from the seed (Poisson arrivals per kind),
 * made through the sandbox's `mutate` (neutral race ids) when the virtual clock passes their time,
 * then watched in every connection that shows the race — the host's, and the scorer's when it runs —
 * until the database shows them. Staleness = virtual time the row was seen stored − virtual time the
 * change was made, one observation per change and connection.
 */
import type { Queryable } from '../../src/db/database.js';
import type { SkinProvider } from '../../src/sandbox/index.js';
import { createRandom, hashSeed } from '../../src/sandbox/world/random.js';
import { participantIdAt, providersShowing, sameBib } from './provider-ids.js';
import { HOUR, MINUTE, type ChangeRates, type Scenario } from './scenario.js';
import type { SimConnection } from './setup.js';
import type { ScenarioWorld, WatchedRace } from './world.js';

export type ChangeKind = 'register' | 'assignBib' | 'remove' | 'farRegister';

/**
 * What a change counts towards: registrations and bibs of races within 4 h of their start are what the
 * targets are about; withdrawals then come from the removed feed or a full read's diff; `day` is any
 * change 4–24 h before the start (15-minute cadence); `far` the later races (4-hour cadence).
 */
export type ChangeCategory = 'race_day' | 'day' | 'removal' | 'far';

export interface PlannedChange {
  at: number;
  kind: ChangeKind;
  /** Neutral race id (a canonical race). */
  raceId: number;
}

export interface ObservedChange {
  kind: ChangeKind;
  category: ChangeCategory;
  group: WatchedRace['group'];
  raceId: number;
  connectionId: number;
  provider: SkinProvider;
  registrationId: number;
  madeAt: number;
  /** Null while not (yet) stored. */
  storedAt: number | null;
}

interface Pending extends ObservedChange {
  partnerId: number;
  participantId: string;
  /** The bib the row must show (bib assignments). */
  bib: number | null;
}

/** Until when (relative to the race start) each kind of change still happens. */
const OPEN_UNTIL: Record<ChangeKind, number> = { register: -10 * MINUTE, assignBib: 30 * MINUTE, remove: 0, farRegister: Infinity };

/** Every change of the run, in time order; the same seed gives the same plan. */
export function planChanges(world: ScenarioWorld, s: Scenario): PlannedChange[] {
  const random = createRandom(hashSeed(s.seed, 'simulate-changes'));
  const planned: PlannedChange[] = [];
  for (const kind of Object.keys(s.rates) as (keyof ChangeRates)[]) {
    const perMs = s.rates[kind] / MINUTE;
    if (perMs <= 0) continue;
    const pool = world.races.filter((r) => r.raceDay === (kind !== 'farRegister'));
    for (let at = world.start.getTime(); ; ) {
      at += -Math.log(1 - random.next()) / perMs;
      if (at >= world.end.getTime()) break;
      const open = pool.filter((r) => at < r.startMs + OPEN_UNTIL[kind]);
      if (open.length === 0) continue;
      planned.push({ at: Math.round(at), kind, raceId: random.pick(open).race.id });
    }
  }
  return planned.sort((a, b) => a.at - b.at);
}

function categoryOf(kind: ChangeKind, race: WatchedRace, madeAt: number): ChangeCategory {
  if (kind === 'farRegister') return 'far';
  if (madeAt < race.startMs - 4 * HOUR) return 'day';
  return kind === 'remove' ? 'removal' : 'race_day';
}

const writeKey = (connectionId: number, raceId: number) => `${connectionId}:${raceId}`;

export class ChangeTracker {
  private next = 0;
  /** Pending observations by the (connection, race) whose write may show them, and by registration. */
  private readonly byWrite = new Map<string, Set<Pending>>();
  private readonly byRegistration = new Map<number, Pending[]>();
  private readonly written = new Set<string>();
  private looking: Promise<void> = Promise.resolve();
  readonly observed: ObservedChange[] = [];
  /** Changes the sandbox could not make (no registration without a bib left, …). */
  skipped = 0;
  /** Observations overtaken by a withdrawal before they were stored. */
  superseded = 0;

  constructor(
    private readonly world: ScenarioWorld,
    private readonly connections: readonly SimConnection[],
    private readonly plan: PlannedChange[],
  ) {}

  /** When the next planned change is due, or undefined when all are made. */
  nextAt(): number | undefined {
    return this.plan[this.next]?.at;
  }

  /** Makes every planned change whose time has come, stamped with the clock's time now. */
  applyDue(now: number): void {
    for (let change = this.plan[this.next]; change && change.at <= now; change = this.plan[++this.next]) {
      const watched = this.world.byRaceId.get(change.raceId)!;
      const summary = this.world.sandbox.mutate({ race: change.raceId, ...mutationOf(change.kind) });
      const id = [...summary.register, ...summary.assignBibs, ...summary.remove][0];
      if (id === undefined) {
        this.skipped += 1;
        continue;
      }
      const bib = change.kind === 'assignBib' ? (this.world.sandbox.world.registration(watched.race, id)?.bib ?? null) : null;
      for (const connection of this.showing(watched)) {
        // A withdrawal supersedes whatever was still on its way; one of a registration never stored there shows nowhere.
        if (change.kind === 'remove' && this.dropPending(id, connection.id)) continue;
        const entry: Pending = {
          kind: change.kind, category: categoryOf(change.kind, watched, now), group: watched.group, raceId: change.raceId,
          connectionId: connection.id, provider: connection.provider, registrationId: id, madeAt: now, storedAt: null,
          partnerId: connection.partnerId, participantId: participantIdAt(connection.provider, watched.race.event, id), bib,
        };
        this.observed.push(entry);
        this.byRegistration.set(id, [...(this.byRegistration.get(id) ?? []), entry]);
        const key = writeKey(connection.id, change.raceId);
        this.byWrite.set(key, (this.byWrite.get(key) ?? new Set()).add(entry));
      }
    }
  }

  /** A participants run of this connection wrote rows of this canonical race: the next look checks there. */
  noteWrite(connectionId: number, raceId: number): void {
    this.written.add(writeKey(connectionId, raceId));
  }

  /**
   * Which pending changes of the written races the database shows now (one query on the participants'
   * unique key); they are stamped `now`, the time of the tick that wrote them. Looks run one at a time.
   */
  resolve(db: Queryable, now: number): Promise<void> {
    const look = this.looking.then(() => this.look(db, now));
    this.looking = look.catch(() => undefined);
    return look;
  }

  private async look(db: Queryable, now: number): Promise<void> {
    const waiting = [...this.written].flatMap((key) => [...(this.byWrite.get(key) ?? [])]);
    this.written.clear();
    if (waiting.length === 0) return;
    const byKey = new Map<string, Pending[]>();
    for (const p of waiting) {
      const key = rowKey(p.partnerId, p.provider, p.participantId);
      byKey.set(key, [...(byKey.get(key) ?? []), p]);
    }
    const keys = [...byKey.values()].map((list) => list[0]!);
    const rows = await db.query<{ partner: string; provider: string; id: string; bib: string | null; deleted: boolean }>(
      // One index probe per key, whatever the (freshly loaded, not yet analysed) table's statistics say.
      `select k.partner::text as partner, k.provider, k.id, p.bib, p.deleted_at is not null as deleted
       from unnest($1::bigint[], $2::text[], $3::text[]) as k(partner, provider, id)
       join lateral (select bib, deleted_at from participants
                     where timing_partner_id = k.partner and provider = k.provider and provider_participant_id = k.id) p on true`,
      [keys.map((p) => p.partnerId), keys.map((p) => p.provider), keys.map((p) => p.participantId)],
    );
    for (const row of rows) {
      for (const change of byKey.get(rowKey(Number(row.partner), row.provider, row.id)) ?? []) {
        if (isShown(change, row)) this.settle(change, Math.max(now, change.madeAt));
      }
    }
  }

  private settle(change: Pending, storedAt: number): void {
    change.storedAt = storedAt;
    this.unindex(change);
  }

  private unindex(change: Pending): void {
    this.byWrite.get(writeKey(change.connectionId, change.raceId))?.delete(change);
    const left = (this.byRegistration.get(change.registrationId) ?? []).filter((c) => c !== change);
    if (left.length === 0) this.byRegistration.delete(change.registrationId);
    else this.byRegistration.set(change.registrationId, left);
  }

  /** Forgets the registration's pending changes in one connection; true when it was never stored there. */
  private dropPending(registrationId: number, connectionId: number): boolean {
    const dropped = (this.byRegistration.get(registrationId) ?? []).filter((c) => c.connectionId === connectionId);
    for (const change of dropped) {
      this.observed.splice(this.observed.indexOf(change), 1);
      this.unindex(change);
    }
    this.superseded += dropped.length;
    return dropped.some((change) => change.kind === 'register' || change.kind === 'farRegister');
  }

  private showing(watched: WatchedRace): SimConnection[] {
    const providers = providersShowing(watched.race.event, this.connections.map((c) => c.provider));
    return this.connections.filter((c) => c.partner === watched.race.event.partner && providers.includes(c.provider));
  }
}

const rowKey = (partnerId: number, provider: string, participantId: string) => `${partnerId}|${provider}|${participantId}`;

function mutationOf(kind: ChangeKind) {
  if (kind === 'assignBib') return { assignBibs: 1 };
  if (kind === 'remove') return { remove: 1 };
  return { register: 1 };
}

function isShown(change: Pending, row: { bib: string | null; deleted: boolean }): boolean {
  if (change.kind === 'remove') return row.deleted;
  if (row.deleted) return false;
  return change.kind !== 'assignBib' || sameBib(row.bib, change.bib);
}
