// Starts one Strangler instance (proxy listener + admin listener) from a snapshot. Used by main.ts and by
// the tests, which pass port 0 and a fresh metrics registry.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { Registry } from 'prom-client';
import { createAdminApp } from './admin/server.ts';
import { createProxyServer } from './app.ts';
import { LiveConfig } from './config/live.ts';
import type { HandlerRegistry } from './forward/handlers.ts';
import { Recorder } from './metrics/recorder.ts';
import type { Snapshot } from './routing/routeTable.ts';

export interface StartOptions {
  snapshot: Snapshot;
  handlers: HandlerRegistry;
  logger?: Logger;
  registry?: Registry;
  /** Override the config's listen/admin addresses (tests use port 0). */
  listen?: { host: string; port: number };
  admin?: { host: string; port: number };
}

export interface Strangler {
  proxyUrl: string;
  adminUrl: string;
  live: LiveConfig;
  recorder: Recorder;
  proxyServer: http.Server;
  adminServer: http.Server;
  close(): Promise<void>;
}

export async function startStrangler(options: StartOptions): Promise<Strangler> {
  const logger = options.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const registry = options.registry ?? new Registry();
  const recorder = new Recorder(registry);
  const live = new LiveConfig(options.snapshot);
  const publish = (snapshot: Snapshot) => recorder.configApplied(snapshot.hash, snapshot.routes);
  publish(options.snapshot);
  live.onSwap(publish);

  let ready = false;
  const proxyServer = createProxyServer({ live, handlers: options.handlers, recorder, logger });
  const adminServer = http.createServer(createAdminApp({ live, registry, isReady: () => ready }));
  const config = options.snapshot.config;
  const proxyUrl = await listen(proxyServer, options.listen ?? config.listen);
  const adminUrl = await listen(adminServer, options.admin ?? config.admin).catch(async (error: unknown) => {
    await closeServer(proxyServer);
    throw error;
  });
  ready = true;
  logger.info({ proxy: proxyUrl, admin: adminUrl, configHash: options.snapshot.hash }, 'strangler started');

  return {
    proxyUrl,
    adminUrl,
    live,
    recorder,
    proxyServer,
    adminServer,
    async close() {
      ready = false;
      await Promise.all([closeServer(proxyServer), closeServer(adminServer)]);
    },
  };
}

function listen(server: http.Server, at: { host: string; port: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(at.port, at.host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const host = at.host === '0.0.0.0' || at.host === '::' ? '127.0.0.1' : at.host;
      resolve(`http://${host.includes(':') ? `[${host}]` : host}:${port}`);
    });
  });
}

/** Stops accepting, lets in-flight requests finish, and closes idle keep-alive sockets at once. */
function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
