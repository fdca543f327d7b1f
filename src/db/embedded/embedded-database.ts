/**
 * The embedded database shared by every p88 process on one data folder. PGlite must be opened by one
 * process only (two processes writing one data folder corrupt it), so the first process to arrive
 * becomes its owner and serves it on local sockets; every other process is a client of the owner,
 * through the same `pg` code as against a PostgreSQL server. When the owner ends — or dies — the next
 * statement of a client finds it gone and that client takes over (or joins the new owner).
 *
 * Ownership is a Linux abstract-namespace socket named after the data folder: binding it is atomic,
 * and the kernel releases it when its process dies, however it dies, so there is never a stale lock
 * to clean up. The owner also listens on `<data dir>/.s.PGSQL.5432`, a socket file `psql` can use.
 */
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server, Socket } from 'node:net';
import { join } from 'node:path';
import { makeDirectory } from '../../files.js';
import { NotRun, type Database, type Transaction } from '../database.js';
import { createPglite, openPglite } from '../pglite.js';
import { openPool } from '../postgres.js';
import { SessionLock } from './session-lock.js';
import { WireServer } from './wire-server.js';

export const SOCKET_FILE = '.s.PGSQL.5432';
const OWNER_FILE = 'owner.json';
/** How long a client waits for an owner to answer (a first start initialises the database: seconds). */
const CONNECT_TIMEOUT_MS = 60_000;
/** A statement that could not reach any owner is tried again this many times (each may take over). */
const SWITCH_ATTEMPTS = 5;

export class EmbeddedDatabaseUnavailable extends Error {
  override name = 'EmbeddedDatabaseUnavailable';
}

interface OwnerInfo {
  pid: number;
  startedAt: string;
  command: string;
}

type Role =
  | { kind: 'owner'; db: Database; wire: WireServer; servers: Server[] }
  | { kind: 'client'; db: Database };

/** The abstract socket that is the ownership lock and the owner's address for other p88 processes. */
function lockAddress(pgliteDir: string): string {
  return `\0p88-pglite-${createHash('sha1').update(realpathSync(pgliteDir)).digest('hex').slice(0, 24)}`;
}

function listen(server: Server, path: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? resolve(false) : reject(error)));
    server.listen(path, () => resolve(true));
  });
}

export class EmbeddedDatabase implements Database {
  readonly engine = 'pglite' as const;
  private role!: Role;
  private switching: Promise<void> | null = null;
  private closed = false;
  private readonly pgliteDir: string;
  private readonly address: string;

  private constructor(private readonly dataDir: string) {
    this.pgliteDir = join(dataDir, 'pglite');
    try {
      makeDirectory(this.pgliteDir);
      this.address = lockAddress(this.pgliteDir);
    } catch (error) {
      throw new EmbeddedDatabaseUnavailable(`the data folder ${dataDir} cannot be used: ${(error as Error).message}`, { cause: error });
    }
  }

  static async open(dataDir: string): Promise<EmbeddedDatabase> {
    const db = new EmbeddedDatabase(dataDir);
    await db.takeRole();
    return db;
  }

  /** Whether this process serves the database (and how many other processes use it). */
  describe(): { owner: boolean; clients: number; socketFile: string } {
    return { owner: this.role.kind === 'owner', clients: this.role.kind === 'owner' ? this.role.wire.clientCount : 0, socketFile: join(this.dataDir, SOCKET_FILE) };
  }

  query<R = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<R[]> {
    return this.withRole((db) => db.query<R>(text, values));
  }

  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.withRole((db) => db.transaction(fn));
  }

  exec(sql: string): Promise<void> {
    return this.withRole((db) => db.exec(sql));
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.switching?.catch(() => undefined);
    await this.leaveRole(this.role);
  }

  /** Runs `work` on the current role; a statement that reached no owner goes to the next one. */
  private async withRole<T>(work: (db: Database) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      await this.switching;
      const role = this.role;
      try {
        return await work(role.db);
      } catch (error) {
        if (!(error instanceof NotRun) || role.kind !== 'client' || this.closed || attempt >= SWITCH_ATTEMPTS) throw error;
        await this.switchRole(role);
      }
    }
  }

  /** Leaves a client role whose owner is gone; concurrent callers share one switch. */
  private switchRole(from: Role): Promise<void> {
    if (this.role !== from) return this.switching ?? Promise.resolve();
    this.switching ??= (async () => {
      void this.leaveRole(from);
      await this.takeRole();
    })().finally(() => {
      this.switching = null;
    });
    return this.switching;
  }

  /** Becomes the owner if there is none, else a client of the owner; an owner leaving meanwhile is followed. */
  private async takeRole(): Promise<void> {
    const deadline = Date.now() + CONNECT_TIMEOUT_MS;
    for (;;) {
      const lock = createServer();
      if (await listen(lock, this.address)) {
        this.role = await this.becomeOwner(lock);
        return;
      }
      try {
        this.role = { kind: 'client', db: await this.connect() };
        return;
      } catch (error) {
        // The owner may have just stopped (its socket reset us): try to take over, until the deadline.
        if (Date.now() > deadline) throw new EmbeddedDatabaseUnavailable(this.unreachableMessage(error), { cause: error });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  private async becomeOwner(lock: Server): Promise<Role> {
    const sessionLock = new SessionLock();
    const pglite = createPglite(this.pgliteDir);
    const wire = new WireServer(pglite, sessionLock);
    wire.attach(lock);
    // Clients may connect at once: their statements wait until the database is open.
    const fileServers = await this.listenOnFile(wire);
    try {
      const db = await openPglite(undefined, { instance: await pglite, lock: sessionLock });
      writeFileSync(join(this.dataDir, OWNER_FILE), JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), command: process.argv.slice(2).join(' ') } satisfies OwnerInfo));
      return { kind: 'owner', db, wire, servers: [lock, ...fileServers] };
    } catch (error) {
      await wire.close();
      throw new EmbeddedDatabaseUnavailable(`cannot open the embedded database in ${this.pgliteDir}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** The socket file for `psql` (best effort: a very long folder path cannot hold a socket). */
  private async listenOnFile(wire: WireServer): Promise<Server[]> {
    const path = join(this.dataDir, SOCKET_FILE);
    if (Buffer.byteLength(path) > 100) return [];
    rmSync(path, { force: true }); // a dead owner's; only the lock holder gets here
    const server = createServer();
    wire.attach(server);
    return (await listen(server, path).catch(() => false)) ? [server] : [];
  }

  private connect(): Promise<Database> {
    const address = this.address;
    const stream = () => {
      const socket = new Socket();
      const connect = socket.connect.bind(socket);
      // pg calls connect(port, host); the owner is at the abstract address instead.
      socket.connect = ((..._args: unknown[]) => connect({ path: address })) as typeof socket.connect;
      return socket;
    };
    return openPool({ user: 'postgres', database: 'postgres', connectionTimeoutMillis: CONNECT_TIMEOUT_MS }, { poolSize: 4, stream });
  }

  private async leaveRole(role: Role | undefined): Promise<void> {
    if (!role) return;
    if (role.kind === 'client') {
      await role.db.close().catch(() => undefined);
      return;
    }
    await role.wire.close();
    await role.db.close();
    rmSync(join(this.dataDir, OWNER_FILE), { force: true });
  }

  private unreachableMessage(error: unknown): string {
    const owner = this.readOwner();
    const who = owner ? `p88 process ${owner.pid} (\`p88 ${owner.command}\`, since ${owner.startedAt})` : 'another p88 process';
    return `the embedded database in ${this.dataDir} is held by ${who}, which does not answer (${(error as Error).message}). ` +
      `Wait for it to finish, or stop it${owner ? ` (kill ${owner.pid})` : ''}, then run the command again; ` +
      'or use a PostgreSQL server (DATABASE_URL) for many processes.';
  }

  private readOwner(): OwnerInfo | null {
    try {
      return JSON.parse(readFileSync(join(this.dataDir, OWNER_FILE), 'utf8')) as OwnerInfo;
    } catch {
      return null;
    }
  }
}

/** Checks that a process can reach the owner's abstract socket at all (used by `p88 db`). */
export function probeOwner(dataDir: string): Promise<boolean> {
  const address = lockAddress(join(dataDir, 'pglite'));
  return new Promise((resolve) => {
    const socket = createConnection({ path: address }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}
