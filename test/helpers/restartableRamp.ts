// A ramp that outlives its proxy: routes.yaml, the audit log and the ramp state file live in one temp
// directory, and start() runs a real Strangler (ramp controller on, manual clock) on them — as often as a
// test likes, so it can stop one instance and start the next on the same files, like a deploy does.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { stringify } from 'yaml';
import { snapshotFromText } from '../../proxy/config/load.ts';
import { handlerRegistry } from '../../proxy/forward/handlers.ts';
import type { RampState } from '../../proxy/cutover/ramp/rampState.ts';
import { startStrangler, type Strangler } from '../../proxy/start.ts';
import { testInstanceDefaults } from './proxy.ts';
import { startUpstream, type TestUpstream } from './upstream.ts';
import { faultyHandler, type Faults, type FaultyHandler } from './faultyHandler.ts';
import { ManualClock } from './manualClock.ts';

export const ROUTE = 'quote';
const CONCURRENCY = 32;

export interface RampInstance {
  proxy: Strangler;
  clock: ManualClock;
  /** JSON log lines at warn and above. */
  warnings: Array<Record<string, unknown>>;
  /** Sends client traffic until this interval's evidence has enough requests on both backends. */
  drive(minPerBackend: number): Promise<void>;
  /** Sends `count` client requests (for routes whose evidence nobody watches). */
  send(count: number): Promise<void>;
  admin(method: string, urlPath: string): Promise<{ status: number; body: Record<string, unknown> }>;
  ramp(): Promise<RampState>;
  close(): Promise<void>;
}

export interface RestartableRamp {
  dir: string;
  configFile: string;
  rampStateFile: string;
  faulty: FaultyHandler;
  start(): Promise<RampInstance>;
  /** The state file parsed (it must be valid JSON), and this route's entry in it. */
  saved(): Promise<{ file: { version: number; ramps: RampState[] }; ramp: RampState | undefined }>;
  close(): Promise<void>;
}

export async function restartableRamp(options: {
  faults: Faults;
  ramp: Record<string, unknown>;
}): Promise<RestartableRamp> {
  const legacy: TestUpstream = await startUpstream((_req, res) => {
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"price":10}');
    }, 1);
  });
  const faulty = faultyHandler(() => ({ price: 10 }), options.faults);
  const dir = await mkdtemp(path.join(tmpdir(), 'strangler-ramp-'));
  const configFile = path.join(dir, 'routes.yaml');
  const rampStateFile = `${configFile}.ramp.json`;
  await writeFile(
    configFile,
    stringify({
      backends: { legacy: { url: legacy.url } },
      routes: [
        {
          id: ROUTE,
          match: { path: '/quote' },
          new: { handler: 'quote' },
          weight: 0,
          phase: 'shadow',
          ramp: options.ramp,
        },
      ],
    }),
  );
  const instances = new Set<RampInstance>();

  const start = async (): Promise<RampInstance> => {
    const handlers = handlerRegistry({ quote: faulty.handler });
    const clock = new ManualClock();
    const warnings: Array<Record<string, unknown>> = [];
    const logger = pino(
      { level: 'warn' },
      { write: (line: string) => void warnings.push(JSON.parse(line) as Record<string, unknown>) },
    );
    const proxy = await startStrangler({
      snapshot: snapshotFromText(await readFile(configFile, 'utf8'), configFile, { handlerNames: handlers.names }),
      handlers,
      ...testInstanceDefaults(),
      logger,
      configFile,
      auditFile: path.join(dir, 'audit.jsonl'),
      rampStateFile,
      watchConfig: false,
      rampController: true,
      clock,
    });
    let user = 0;
    const send = async () => {
      const res = await fetch(`${proxy.proxyUrl}/quote`, { headers: { 'x-user-id': `user-${user++}` } });
      await res.arrayBuffer();
    };
    const admin = async (method: string, urlPath: string) => {
      const res = await fetch(`${proxy.adminUrl}${urlPath}`, { method });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const instance: RampInstance = {
      proxy,
      clock,
      warnings,
      async drive(minPerBackend) {
        const enough = () => {
          const evidence = proxy.cutover.evidence.peek(ROUTE);
          return evidence.legacy.requests >= minPerBackend && evidence.new.requests >= minPerBackend;
        };
        while (!enough()) await Promise.all(Array.from({ length: CONCURRENCY }, send));
      },
      async send(count) {
        await Promise.all(Array.from({ length: count }, send));
      },
      admin,
      ramp: async () => (await admin('GET', `/admin/routes/${ROUTE}/ramp`)).body as unknown as RampState,
      async close() {
        instances.delete(instance);
        await proxy.close();
      },
    };
    instances.add(instance);
    return instance;
  };

  return {
    dir,
    configFile,
    rampStateFile,
    faulty,
    start,
    async saved() {
      const file = JSON.parse(await readFile(rampStateFile, 'utf8')) as { version: number; ramps: RampState[] };
      return { file, ramp: file.ramps.find((ramp) => ramp.route === ROUTE) };
    },
    async close() {
      for (const instance of [...instances]) await instance.close();
      await legacy.close();
    },
  };
}
