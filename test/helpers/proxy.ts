// Starts a real Strangler on 127.0.0.1 port 0 from a config object, with a fresh metrics registry
// and a silent logger. Validation errors throw with the full report, as at start-up.
import pino from 'pino';
import { Registry } from 'prom-client';
import type { AdminToken } from '../../proxy/admin/tokens.ts';
import { ConfigInvalidError } from '../../proxy/config/errors.ts';
import { validateConfigValue } from '../../proxy/config/validate.ts';
import { handlerRegistry, type HandlerRegistry } from '../../proxy/forward/handlers.ts';
import { buildSnapshot, type Snapshot } from '../../proxy/routing/routeTable.ts';
import { startStrangler, type StartOptions, type Strangler } from '../../proxy/start.ts';

export interface TestProxyOptions {
  config: Record<string, unknown>;
  handlers?: HandlerRegistry;
  /** Extra start options (configFile, adminTokens, auditFile, ...); tokens default to none. */
  start?: Partial<StartOptions>;
}

export type TestProxy = Strangler & { url: string };

export function snapshotOf(config: Record<string, unknown>, handlers: HandlerRegistry = handlerRegistry({})): Snapshot {
  const result = validateConfigValue(config, { handlerNames: handlers.names });
  if (!result.ok) throw new ConfigInvalidError('test config', result.problems);
  return buildSnapshot(result.config);
}

/** What every test instance gets: silent logs, a fresh registry, loopback port 0, no admin tokens. */
export function testInstanceDefaults() {
  return {
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    registry: new Registry(),
    listen: { host: '127.0.0.1', port: 0 },
    admin: { host: '127.0.0.1', port: 0 },
    adminTokens: [] as AdminToken[],
  };
}

export async function startProxy(options: TestProxyOptions): Promise<TestProxy> {
  const handlers = options.handlers ?? handlerRegistry({});
  const strangler = await startStrangler({
    snapshot: snapshotOf(options.config, handlers),
    handlers,
    ...testInstanceDefaults(),
    ...options.start,
  });
  return Object.assign(strangler, { url: strangler.proxyUrl });
}
