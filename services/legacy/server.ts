// The legacy reference service: a separate HTTP server modelling the sync Flask app under one gunicorn
// sync worker. A request waits for a free worker and holds it until its response is written; analyses
// run on a small background pool fetching tickers one after another. All waiting is async (no busy loops),
// so it never blocks the event loop it shares with the proxy.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { INTERNAL_ERROR, UNAUTHORIZED, routeNotFound } from '../contract/errorBodies.ts';
import { toErrorResponse } from '../contract/errorResponse.ts';
import { Semaphore } from '../domain/concurrency/semaphore.ts';
import type { Domain } from '../domain/domain.ts';
import { AnalysisRunner } from '../domain/tasks/analysisRunner.ts';
import { readRequest } from './readRequest.ts';
import { legacyRoutes } from './routes.ts';
import { compileUrlMap } from './urlMap.ts';

export const DEFAULT_LEGACY_PORT = 5000;
export const DEFAULT_LEGACY_WORKERS = 1;
export const DEFAULT_LEGACY_ANALYSIS_WORKERS = 1;

export interface LegacyServerOptions {
  domain: Domain;
  host?: string;
  port?: number;
  /** Sync request workers (gunicorn --workers with the sync worker class). */
  workers?: number;
  /** Background analysis pool (the original ThreadPoolExecutor's max_workers). */
  analysisWorkers?: number;
  logger?: Logger | undefined;
}

export interface LegacyServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startLegacyServer(options: LegacyServerOptions): Promise<LegacyServer> {
  const { domain, logger } = options;
  const workers = new Semaphore(options.workers ?? DEFAULT_LEGACY_WORKERS);
  const analyses = new AnalysisRunner({
    tasks: domain.tasks,
    analyzer: domain.analyzer,
    events: domain.events,
    logger,
    poolSize: options.analysisWorkers ?? DEFAULT_LEGACY_ANALYSIS_WORKERS,
    fetchConcurrency: 1,
  });
  const match = compileUrlMap(legacyRoutes(domain, analyses));

  const server = createServer(async (req, res) => {
    const release = await workers.acquire();
    try {
      const request = await readRequest(req);
      if (!(await domain.config.isAuthorized(headerValue(request.headers['x-api-key']))))
        return await send(res, UNAUTHORIZED.status, UNAUTHORIZED.body);
      const found = match(request.method, request.path);
      if (!found) return await send(res, 404, routeNotFound(request.method, request.path).body);
      const answer = await found.route.view(request, found.params);
      await send(res, answer.status, answer.body);
    } catch (error) {
      const known = toErrorResponse(error);
      if (!known) logger?.error({ err: (error as Error).message, url: req.url }, 'legacy request failed');
      const { status, body } = known ?? INTERNAL_ERROR;
      await send(res, status, body).catch(() => undefined);
    } finally {
      release();
    }
  });

  const listenHost = options.host ?? '127.0.0.1';
  const listenPort = options.port ?? DEFAULT_LEGACY_PORT;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(
        new Error(`legacy server cannot listen on ${listenHost}:${listenPort}: ${error.message}`, { cause: error }),
      ),
    );
    server.listen(listenPort, listenHost, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = listenHost === '0.0.0.0' || listenHost === '::' ? '127.0.0.1' : listenHost; // a wildcard is not a destination
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: async () => {
      await analyses.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Writes a JSON response and resolves once it is flushed, so the worker is held for the whole response. */
function send(res: ServerResponse, status: number, body: unknown): Promise<void> {
  const payload = JSON.stringify(body);
  return new Promise((resolve) => {
    res.once('finish', resolve);
    res.once('close', resolve); // the client went away: the worker is free again either way
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) });
    res.end(payload);
  });
}
