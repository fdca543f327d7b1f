/**
 * The life of a connection as operators drive it (CLI and HTTP API alike): add, update, remove, with
 * the checks that keep tenants apart and one account to one connection.
 */
import type { Queryable } from '../db/database.js';
import { classifyError, errorMessage, SyncError } from '../errors.js';
import { accountIdentity, providerEntry, validateSettings } from '../providers/registry.js';
import type { ProviderName } from '../providers/types.js';
import { ensureDiscoveryTargets } from '../scheduler/planner.js';
import { recordAuth } from '../scheduler/settle.js';
import { openConnectionHandle } from '../sync/connection-handle.js';
import type { SecretBox } from '../secrets.js';
import type { App } from '../app.js';
import { purgeConnectionData, retireConnectionTargets, softDeleteConnectionData } from '../sync/store/purge.js';
import { forgetToken } from '../sync/store/tokens.js';
import {
  addConnection, findConnectionByAccount, getConnection, listConnections, openConnection, removeConnection, updateConnection, type Connection,
} from '../tenants/connections.js';
import { getPartner, purgePartner, removePartner } from '../tenants/partners.js';

type Deps = Pick<App, 'db' | 'box' | 'keyMismatch'>;

export interface ConnectionInput {
  partnerId: number;
  provider: string;
  baseUrl: string | null;
  /** The token endpoint, for providers whose tokens do not come from the base URL's host. */
  authUrl?: string | null;
  budgetPerHour: number | null;
  credentials: Record<string, string>;
  settings: Record<string, unknown>;
}

function checkBaseUrl(baseUrl: string | null, flag = '--base-url'): void {
  if (baseUrl === null) return;
  const url = URL.canParse(baseUrl) ? new URL(baseUrl) : null;
  if (!url || !['http:', 'https:'].includes(url.protocol)) throw new SyncError('config', `${flag} "${baseUrl}" is not an http(s) URL`);
}

function checkBudget(budget: number | null): void {
  if (budget !== null && (!Number.isSafeInteger(budget) || budget <= 0)) {
    throw new SyncError('config', '--budget must be a positive whole number of calls per hour');
  }
}

function refuseMismatchedKey(deps: Deps): void {
  if (deps.keyMismatch) throw new SyncError('config', `${deps.keyMismatch}; refusing to store credentials under a different key`);
}

/** The connection of `id`, which must belong to `partnerId` when one is given. */
export async function connectionOf(deps: Pick<App, 'db'>, id: number, partnerId?: number): Promise<Connection> {
  const connection = await getConnection(deps.db, id);
  if (!connection) throw new SyncError('config', `No connection with id ${id}; see \`p88 connection list\``);
  if (partnerId !== undefined && connection.timingPartnerId !== partnerId) {
    throw new SyncError('config', `Connection ${id} is not a connection of partner ${partnerId}`);
  }
  return connection;
}

async function refuseSecondAccount(deps: Deps, partnerId: number, provider: string, fingerprint: string, except?: number): Promise<void> {
  const existing = await findConnectionByAccount(deps.db, partnerId, provider as ProviderName, fingerprint);
  if (existing && existing.id !== except) {
    throw new SyncError('config', `Partner ${partnerId} already has connection ${existing.id} to this ${providerEntry(provider).label} account; ` +
      `change that one with \`p88 connection update ${existing.id}\` instead of adding a second (both would claim the same races)`);
  }
}

export async function createConnection(deps: Deps, input: ConnectionInput, now: Date): Promise<Connection> {
  refuseMismatchedKey(deps);
  const partner = await getPartner(deps.db, input.partnerId);
  if (!partner) throw new SyncError('config', `No timing partner with id ${input.partnerId}; see \`p88 partner list\``);
  const entry = providerEntry(input.provider);
  checkBaseUrl(input.baseUrl);
  checkBaseUrl(input.authUrl ?? null, '--auth-url');
  checkBudget(input.budgetPerHour);
  validateSettings(input.provider, input.settings);
  const fingerprint = deps.box.fingerprint(accountIdentity(input.provider, input.baseUrl, input.credentials));
  await refuseSecondAccount(deps, partner.id, input.provider, fingerprint);
  const connection = await addConnection(deps.db, deps.box, {
    timingPartnerId: partner.id,
    provider: input.provider as ProviderName,
    baseUrl: input.baseUrl,
    authUrl: input.authUrl ?? null,
    budgetPerHour: input.budgetPerHour ?? entry.defaultBudgetPerHour,
    credentials: input.credentials,
    settings: input.settings,
    accountFingerprint: fingerprint,
  });
  // Due at once: the next worker discovers its races, whatever else runs first.
  await ensureDiscoveryTargets(deps.db, [connection], now);
  return connection;
}

export interface ConnectionUpdate {
  baseUrl?: string | null;
  authUrl?: string | null;
  budgetPerHour?: number;
  /** Merged over the stored settings; keys listed in `clearSettings` are removed. */
  settings?: Record<string, unknown>;
  clearSettings?: string[];
  /** Merged over the stored credentials (rotate one secret, keep the rest). */
  credentials?: Record<string, string>;
}

export async function changeConnection(deps: Deps, id: number, partnerId: number | undefined, update: ConnectionUpdate): Promise<Connection> {
  const current = await connectionOf(deps, id, partnerId);
  if (update.credentials) refuseMismatchedKey(deps);
  if (update.baseUrl !== undefined) checkBaseUrl(update.baseUrl);
  if (update.authUrl !== undefined) checkBaseUrl(update.authUrl, '--auth-url');
  if (update.budgetPerHour !== undefined) checkBudget(update.budgetPerHour);
  const settings = update.settings || update.clearSettings
    ? Object.fromEntries(Object.entries({ ...current.settings, ...update.settings }).filter(([key]) => !update.clearSettings?.includes(key)))
    : undefined;
  if (settings) validateSettings(current.provider, settings);
  let credentials: Record<string, string> | undefined;
  let accountFingerprint: string | undefined;
  if (update.credentials || update.baseUrl !== undefined) {
    const stored = (await openConnection(deps.db, deps.box, id))!.credentials;
    credentials = { ...stored, ...update.credentials };
    const baseUrl = update.baseUrl !== undefined ? update.baseUrl : current.baseUrl;
    accountFingerprint = deps.box.fingerprint(accountIdentity(current.provider, baseUrl, credentials));
    await refuseSecondAccount(deps, current.timingPartnerId, current.provider, accountFingerprint, id);
  }
  const updated = await updateConnection(deps.db, deps.box, id, {
    baseUrl: update.baseUrl, authUrl: update.authUrl, budgetPerHour: update.budgetPerHour, settings, credentials, accountFingerprint,
  });
  // A token obtained with the old credentials (or from the old endpoint) is worthless now.
  if (credentials || update.authUrl !== undefined) await forgetToken(deps.db, id);
  return updated!;
}

/** Takes the connection out of use; its data stays (soft-deleted with it) unless `purge`. */
export async function dropConnection(deps: Pick<App, 'db'>, id: number, partnerId: number | undefined, purge: boolean): Promise<Connection> {
  const connection = await connectionOf(deps, id, partnerId);
  await deps.db.transaction((tx) => retire(tx, id, purge));
  return connection;
}

async function retire(db: Queryable, connectionId: number, purge: boolean): Promise<void> {
  await removeConnection(db, connectionId);
  await retireConnectionTargets(db, connectionId);
  await (purge ? purgeConnectionData(db, connectionId) : softDeleteConnectionData(db, connectionId));
}


export interface TestOutcome {
  ok: boolean;
  errorClass?: string;
  error?: string;
}

/** One cheap authenticated call; an auth failure counts toward pausing the connection, like any run's. */
export async function testConnection(app: App, id: number, partnerId: number | undefined): Promise<{ connection: Connection; outcome: TestOutcome }> {
  const connection = await connectionOf(app, id, partnerId);
  const open = await openConnection(app.db, app.box, id);
  const handle = openConnectionHandle(app.syncContext(), app.box, open!, globalThis.fetch, async () => undefined);
  let outcome: TestOutcome = { ok: true };
  try {
    await handle.adapter.testConnection();
  } catch (error) {
    outcome = { ok: false, errorClass: classifyError(error), error: errorMessage(error) };
  }
  const authError = outcome.errorClass === 'auth' ? outcome.error! : null;
  if (outcome.ok || authError) await recordAuth({ ctx: app.syncContext(), authFailureLimit: app.config.authFailureLimit }, connection, authError);
  return { connection, outcome };
}

/** Removes a partner and every one of its connections (their data soft-deleted, or purged). */
export async function dropPartner(deps: Pick<App, 'db'>, partnerId: number, purge: boolean): Promise<{ connections: number[] }> {
  const partner = await getPartner(deps.db, partnerId);
  if (!partner) throw new SyncError('config', `No timing partner with id ${partnerId}; see \`p88 partner list\``);
  const connections = await listConnections(deps.db, partnerId);
  // A purge also takes the connections removed earlier, whose data was kept soft-deleted.
  const retiring = purge ? await listConnections(deps.db, partnerId, { includeRemoved: true }) : connections;
  await deps.db.transaction(async (tx) => {
    for (const connection of retiring) await retire(tx, connection.id, purge);
    await (purge ? purgePartner(tx, partnerId) : removePartner(tx, partnerId));
  });
  return { connections: connections.map((c) => c.id) };
}
