/**
 * Serves the Hono app on node:http. Stopping is graceful: no new connections, idle keep-alive sockets
 * closed, long-polls woken to answer at once, and every request in flight allowed to finish.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { Api } from './create-api.js';

export interface RunningServer {
  /** e.g. http://127.0.0.1:8088 */
  url: string;
  port: number;
  /** Resolves once every request in flight has been answered. */
  stop(): Promise<void>;
}

export function startServer(api: Api, options: { port: number; host: string }): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: api.app.fetch, port: options.port, hostname: options.host }) as Server;
    server.once('error', reject);
    server.once('listening', () => {
      const { port } = server.address() as AddressInfo;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      let stopping: Promise<void> | undefined;
      resolve({
        url: `http://${host}:${port}`,
        port,
        stop: () => (stopping ??= new Promise<void>((done) => {
          server.close(() => done());
          api.stop();
          server.closeIdleConnections();
          // Keep-alive sockets that become idle after their last answer close too.
          const sweep = setInterval(() => server.closeIdleConnections(), 100);
          server.once('close', () => clearInterval(sweep));
        })),
      });
    });
  });
}
