/**
 * Serves one PGlite database to other processes over local sockets, in the PostgreSQL wire protocol,
 * so every p88 process on a data folder uses the same `pg` code as against a server.
 *
 * Why not `@electric-sql/pglite-socket`'s server: its multiplexer hands PGlite one message at a time
 * from whichever connection is next, so two pooled connections interleave their Parse/Bind/Sync
 * exchanges and bind each other's statements ("unnamed prepared statement does not exist", or worse,
 * someone else's parameters). Here a connection's messages up to its Sync (or simple Query) run as
 * one unit under the session lock, and a connection inside a transaction block keeps the lock until
 * the block ends.
 */
import type { Server, Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import type { SessionLock } from './session-lock.js';
import { fatalError, MessageReader, OWNER_STOPPING, UNIT_ENDS, type FrontendMessage } from './wire-protocol.js';

/** A connection idle inside a transaction this long is rolled back and closed (it would block everyone). */
const IDLE_IN_TRANSACTION_MS = 30_000;
/** How long a stopping owner waits for open transactions to end before cutting them off. */
const CLOSE_WAIT_MS = 10_000;

const ROLLBACK = simpleQuery('rollback');

function simpleQuery(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`, 'utf8');
  const message = Buffer.alloc(5 + text.length);
  message.write('Q', 0, 'ascii');
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return new Uint8Array(message);
}

class ClientConnection {
  private readonly who = Symbol('wire client');
  private readonly reader = new MessageReader();
  private pending: Uint8Array[] = [];
  /** Units of this connection run one after another, in order. */
  private chain: Promise<void> = Promise.resolve();
  private idleTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly socket: Socket,
    /** Resolves once the owner has opened the database; units wait for it. */
    private readonly database: Promise<PGlite>,
    private readonly lock: SessionLock,
    private readonly onGone: () => void,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => {
      for (const message of this.reader.push(chunk)) this.accept(message);
    });
    socket.on('error', () => undefined); // 'close' follows
    socket.on('close', () => this.gone());
  }

  private accept(message: FrontendMessage): void {
    if (message.kind === 'negotiate') this.socket.write('N');
    else if (message.kind === 'cancel') this.socket.end();
    else if (message.kind === 'startup') this.queue([message.bytes]);
    else if (message.type === 'X') this.socket.end();
    else {
      this.pending.push(message.bytes);
      if (UNIT_ENDS.has(message.type)) {
        this.queue(this.pending);
        this.pending = [];
      }
    }
  }

  private queue(unit: Uint8Array[]): void {
    // A unit refused because the owner is stopping was answered by `stop` already; anything else is ours.
    this.chain = this.chain.then(() => this.runUnit(unit)).catch((error) => this.stop('XX000', `embedded database failure: ${String(error)}`));
  }

  private async runUnit(unit: Uint8Array[]): Promise<void> {
    if (this.closed) return;
    clearTimeout(this.idleTimer);
    const pglite = await this.database;
    await this.lock.acquire(this.who);
    for (const message of unit) {
      const answer = await pglite.execProtocolRaw(message);
      if (answer.length > 0 && !this.closed) this.socket.write(answer);
    }
    if (!pglite.isInTransaction()) this.lock.release(this.who);
    else this.idleTimer = setTimeout(() => this.abandonTransaction(), IDLE_IN_TRANSACTION_MS).unref();
  }

  private abandonTransaction(): void {
    this.stop('25P03', 'idle in transaction for too long; rolled back');
  }

  /** Sends a fatal error, closes the socket, and rolls back what it left open. */
  stop(sqlState: string, message: string): void {
    if (!this.closed && this.socket.writable) this.socket.end(fatalError(sqlState, message));
    this.gone();
  }

  /** The connection is over: withdraw its waits, roll back an open transaction, free the lock. */
  private gone(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.idleTimer);
    this.lock.withdraw(this.who, new Error('connection closed'));
    this.chain = this.chain.catch(() => undefined).then(async () => {
      if (!this.lock.heldBy(this.who)) return;
      const pglite = await this.database;
      if (pglite.isInTransaction()) await pglite.execProtocolRaw(ROLLBACK).catch(() => undefined);
      this.lock.release(this.who);
    });
    this.socket.destroy();
    this.onGone();
  }
}

export class WireServer {
  private readonly connections = new Set<ClientConnection>();
  private readonly servers: Server[] = [];

  constructor(
    private readonly database: Promise<PGlite>,
    private readonly lock: SessionLock,
  ) {}

  /** Serves the connections `server` accepts (it may already be listening). */
  attach(server: Server): void {
    this.servers.push(server);
    server.on('connection', (socket) => {
      const connection = new ClientConnection(socket, this.database, this.lock, () => this.connections.delete(connection));
      this.connections.add(connection);
    });
  }

  get clientCount(): number {
    return this.connections.size;
  }

  /**
   * Stops serving: no new connections; open transactions get a few seconds to finish; statements
   * still waiting are answered "owner stopping" (they never ran, so clients may send them again to
   * the next owner). Then every connection is closed.
   */
  async close(): Promise<void> {
    // `close` calls back only once every connection has ended, which happens below.
    const stopped = Promise.all(this.servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    const closer = Symbol('closing owner');
    const turn = this.lock.acquire(closer);
    const waited = await Promise.race([turn.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), CLOSE_WAIT_MS).unref())]);
    for (const connection of [...this.connections]) connection.stop(OWNER_STOPPING, 'the p88 process serving the embedded database is stopping');
    if (waited) this.lock.release(closer);
    else this.lock.withdraw(closer, new Error('gave up waiting'));
    await turn.catch(() => undefined);
    await stopped;
  }
}
