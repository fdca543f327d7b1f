import type { CanonicalParticipant, Reject } from '../model/canonical.js';
import type { Queryable } from '../db/database.js';
import type { Change } from './store/changes.js';
import { SyncError } from '../errors.js';
import {
  countActiveParticipants, loadBibHolders, loadParticipantsByKey, loadParticipantsOfRaces, type ParticipantRow, type StoredParticipant,
} from './store/participants.js';
import { describeChange, toParticipantRow, type ParticipantScope, type PendingChange } from './participant-diff.js';

/**
 * The engine's in-memory view of the participants of the races being synced: the stored hash and
 * tracked fields of each, and which bib each active participant holds. It decides what a page
 * changes, so unchanged rows are never sent to the database.
 *
 * A whole view holds every stored participant of the races, as full reads need (what a read did not
 * see, the provider's versions). A partial view starts empty and loads what each page names — its
 * registrations and the holders of the bibs they claim: an incremental read from a provider that
 * filters by modified-since sends only what changed, and loading whole races for it was most of a
 * re-sync's work.
 */
export class ParticipantsState {
  private readonly byKey = new Map<string, StoredParticipant>();
  /** `${raceId}|${bib}` → key of the active participant holding that bib. */
  private readonly bibHolders = new Map<string, string>();
  private whole = false;

  private constructor(readonly scope: ParticipantScope) {}

  static async load(db: Queryable, scope: ParticipantScope, whole: boolean): Promise<ParticipantsState> {
    const state = new ParticipantsState(scope);
    if (whole) await state.loadWhole(db);
    return state;
  }

  /** Makes the view whole (a refused incremental read falls back to a full one); what it holds stays. */
  async loadWhole(db: Queryable): Promise<void> {
    if (this.whole) return;
    for (const participant of await loadParticipantsOfRaces(db, this.raceIds())) {
      if (!this.byKey.has(participant.key)) this.remember(participant);
    }
    this.whole = true;
  }

  get(key: string): StoredParticipant | undefined {
    return this.byKey.get(key);
  }

  /** The newest provider version held (removed registrations included), or null; versions are ISO timestamps. */
  newestVersion(): string | null {
    let newest: string | null = null;
    for (const { version } of this.byKey.values()) if (version !== null && (newest === null || version > newest)) newest = version;
    return newest;
  }

  /** Active participants of the synced races, for deletion detection. */
  activeKeys(): string[] {
    if (!this.whole) throw new SyncError('bug', 'a partial participants view cannot tell what a read did not see');
    const raceIds = new Set(this.raceIds());
    return [...this.byKey.values()].filter((p) => !p.deleted && raceIds.has(p.raceId)).map((p) => p.key);
  }

  /** How many participants of the synced races are active, for the mass-delete guard. */
  async activeCount(db: Queryable): Promise<number> {
    return this.whole ? this.activeKeys().length : countActiveParticipants(db, this.raceIds());
  }

  /** Loads participants this view has not seen (a registration that moved in from another race). */
  async loadUnknown(db: Queryable, keys: string[]): Promise<void> {
    const unknown = keys.filter((key) => !this.byKey.has(key));
    for (const participant of await loadParticipantsByKey(db, this.scope, unknown)) this.remember(participant);
  }

  /** Loads what a page's records name: the registrations, and in a partial view the holders of their bibs. */
  async loadForPage(db: Queryable, records: CanonicalParticipant[]): Promise<void> {
    await this.loadUnknown(db, records.map((p) => p.providerParticipantId));
    if (this.whole) return;
    const slots = new Map<string, { raceId: number; bib: string }>();
    for (const record of records) {
      const race = this.scope.races.get(record.providerRaceId);
      if (!race || record.bib === null) continue;
      const slot = `${race.raceId}|${record.bib}`;
      if (!this.bibHolders.has(slot)) slots.set(slot, { raceId: race.raceId, bib: record.bib });
    }
    for (const participant of await loadBibHolders(db, [...slots.values()])) {
      if (!this.byKey.has(participant.key)) this.remember(participant);
    }
  }

  private raceIds(): number[] {
    return [...this.scope.races.values()].map((r) => r.raceId);
  }

  /** Splits a page into rows to write, changes to log, rejects and the unchanged count. */
  planPage(records: CanonicalParticipant[], rejects: Reject[]): PagePlan {
    const rows = new Map<string, ParticipantRow>();
    const plan: PagePlan = { rows: [], changes: [], rejects: [...rejects], byRace: new Map(), seen: [] };
    const tally = (raceId: number, outcome: 'created' | 'updated' | 'unchanged') => {
      const counts = plan.byRace.get(raceId) ?? { created: 0, updated: 0, unchanged: 0 };
      counts[outcome] += 1;
      plan.byRace.set(raceId, counts);
    };
    for (const record of records) {
      const race = this.scope.races.get(record.providerRaceId);
      if (!race) {
        plan.rejects.push({ reason: `participant of race ${record.providerRaceId}, which this sync does not cover`, raw: record.raw });
        continue;
      }
      const owner = this.byKey.get(record.providerParticipantId);
      if (owner && !owner.deleted && owner.connectionId !== this.scope.connectionId) {
        // Rows never move between connections behind the operator's back.
        plan.rejects.push({ reason: `registration ${record.providerParticipantId} is already synced by connection ${owner.connectionId} of this partner`, raw: record.raw });
        continue;
      }
      plan.seen.push(record.providerParticipantId);
      rows.set(record.providerParticipantId, toParticipantRow(this.scope, race, record));
    }
    for (const row of rows.values()) {
      const stored = this.byKey.get(row.provider_participant_id);
      if (stored && !stored.deleted && stored.contentHash === row.content_hash) {
        // Same content under a new provider version: store the version (so its detail is not read
        // again), but it is no change.
        if (stored.version !== row.provider_version) plan.rows.push(row);
        tally(row.race_id, 'unchanged');
        continue;
      }
      plan.rows.push(row);
      plan.changes.push(...describeChange(stored, row));
      tally(row.race_id, stored ? 'updated' : 'created');
    }
    plan.changes.push(...this.findCollisions(plan.rows));
    return plan;
  }

  /** A bib taken by another active participant of the same race, after this page is applied. */
  private findCollisions(rows: ParticipantRow[]): PendingChange[] {
    const holders = new Map(this.bibHolders);
    for (const row of rows) {
      const stored = this.byKey.get(row.provider_participant_id);
      if (stored?.bib != null) holders.delete(`${stored.raceId}|${stored.bib}`);
    }
    const collisions: PendingChange[] = [];
    for (const row of rows) {
      if (row.bib === null) continue;
      const slot = `${row.race_id}|${row.bib}`;
      const holder = holders.get(slot);
      if (holder !== undefined && holder !== row.provider_participant_id) {
        collisions.push({
          key: row.provider_participant_id,
          entity: 'participant',
          kind: 'bib_collision',
          oldValues: null,
          newValues: { bib: row.bib, race_id: row.race_id, also_held_by: holder },
        });
      } else {
        holders.set(slot, row.provider_participant_id);
      }
    }
    return collisions;
  }

  /** Records what was written, with the ids the store gave new rows. */
  applyWritten(rows: ParticipantRow[], ids: Map<string, number>): void {
    for (const row of rows) {
      const id = ids.get(row.provider_participant_id) ?? this.byKey.get(row.provider_participant_id)?.id ?? 0;
      this.remember({
        id,
        key: row.provider_participant_id,
        raceId: row.race_id,
        connectionId: row.connection_id,
        contentHash: row.content_hash,
        fieldsHash: row.fields_hash,
        version: row.provider_version,
        bib: row.bib,
        chip: row.chip,
        firstName: row.first_name,
        lastName: row.last_name,
        deleted: false,
      });
    }
  }

  markDeleted(keys: string[]): void {
    for (const key of keys) {
      const stored = this.byKey.get(key);
      if (stored) this.remember({ ...stored, deleted: true });
    }
  }

  /** Turns pending changes into stored ones once every row has an id. */
  resolve(changes: PendingChange[], ids: Map<string, number>): Change[] {
    return changes.map(({ key, ...change }) => ({ ...change, entityId: ids.get(key) ?? this.byKey.get(key)?.id ?? 0 }));
  }

  private remember(participant: StoredParticipant): void {
    const previous = this.byKey.get(participant.key);
    if (previous?.bib != null && this.bibHolders.get(`${previous.raceId}|${previous.bib}`) === previous.key) {
      this.bibHolders.delete(`${previous.raceId}|${previous.bib}`);
    }
    this.byKey.set(participant.key, participant);
    if (!participant.deleted && participant.bib !== null) {
      const slot = `${participant.raceId}|${participant.bib}`;
      if (!this.bibHolders.has(slot)) this.bibHolders.set(slot, participant.key);
    }
  }
}

export interface PagePlan {
  rows: ParticipantRow[];
  changes: PendingChange[];
  rejects: Reject[];
  /** Created, updated and unchanged counts per race id. */
  byRace: Map<number, { created: number; updated: number; unchanged: number }>;
  /** Keys of every valid participant on the page, changed or not. */
  seen: string[];
}
