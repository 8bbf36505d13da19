// `npm run demo:ramp`: a full automatic cutover of GET /api/balances from the reference migration, in about
// two minutes, with progress printed. The reference stack (legacy server + new handlers on one in-memory
// store) runs in-process; Strangler shadows the endpoint first, then ramps it 5 → 25 → 50 → 100 % while
// comparative gates watch legacy and new side by side, and ends with the decommission report.
import pino from 'pino';
import { Registry } from 'prom-client';
import { ConfigInvalidError } from '../../proxy/config/errors.ts';
import { validateConfigValue } from '../../proxy/config/validate.ts';
import { buildReport } from '../../proxy/cutover/report/report.ts';
import { reportMarkdown } from '../../proxy/cutover/report/reportMarkdown.ts';
import { buildSnapshot } from '../../proxy/routing/routeTable.ts';
import { startStrangler } from '../../proxy/start.ts';
import { startReferenceStack } from '../../services/stack.ts';

const ROUTE = 'balances';
const SHADOW_SECONDS = 20;
const CLIENTS = 8;
const PROGRESS_EVERY_MS = 5_000;

const stack = await startReferenceStack({
  dataDir: 'memory://',
  legacyHost: '127.0.0.1',
  legacyPort: 0,
  priceTickMs: 0,
});
const config = {
  backends: { legacy: { url: stack.legacyUrl } },
  routes: [
    {
      id: ROUTE,
      match: { methods: ['GET'], path: '/api/balances' },
      new: { handler: 'balances' },
      weight: 0,
      shadow: { sampleRate: 0.5, calibrationSamples: 10 },
      ramp: {
        steps: [5, 25, 50, 100],
        interval: '25s',
        gates: { minRequests: 30, maxErrorRateDelta: 0.5, maxP99Ratio: 1.3, maxMismatchRate: 1 },
      },
    },
  ],
};
const validation = validateConfigValue(config, { handlerNames: stack.handlers.names });
if (!validation.ok) throw new ConfigInvalidError('demo config', validation.problems);
const strangler = await startStrangler({
  snapshot: buildSnapshot(validation.config),
  handlers: stack.handlers,
  logger: pino({ level: 'warn' }),
  registry: new Registry(),
  listen: { host: '127.0.0.1', port: 0 },
  admin: { host: '127.0.0.1', port: 0 },
  adminTokens: [],
  rampController: true,
});
const admin = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${strangler.adminUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${JSON.stringify(json)}`);
  return json;
};

// Clients with their own sticky ids, as real users would be.
let running = true;
let sent = 0;
const client = async (n: number) => {
  for (let i = 0; running; i++) {
    const res = await fetch(`${strangler.proxyUrl}/api/balances`, {
      headers: { 'x-user-id': `demo-${n}-${i % 500}` },
    }).catch(() => undefined);
    await res?.arrayBuffer();
    sent++;
  }
};
const clients = Array.from({ length: CLIENTS }, (_, n) => client(n));
const started = Date.now();
const elapsed = () => `${String(Math.round((Date.now() - started) / 1000)).padStart(3)} s`;

console.log(
  `demo: Strangler ${strangler.proxyUrl} (admin ${strangler.adminUrl}) in front of legacy ${stack.legacyUrl}; ${CLIENTS} clients on GET /api/balances`,
);
await admin('POST', `/admin/routes/${ROUTE}/phase`, {
  phase: 'shadow',
  reason: 'demo: compare before any client sees new',
});
console.log(`${elapsed()}  phase shadow: legacy serves everyone, copies go to new and are compared`);
await new Promise((resolve) => setTimeout(resolve, SHADOW_SECONDS * 1000));
const diffs = await admin('GET', `/admin/routes/${ROUTE}/diffs`);
console.log(
  `${elapsed()}  shadow: ${JSON.stringify(diffs.counts)}, match rate ${String(diffs.matchRatePercent)} %, noisy fields learned: ${(diffs.noisyFields as string[]).join(', ') || 'none'}`,
);

const start = await admin('POST', `/admin/routes/${ROUTE}/ramp/start`);
console.log(`${elapsed()}  ramp started at ${String(start.weight)} % (phase canary)`);
let last = '';
for (;;) {
  await new Promise((resolve) => setTimeout(resolve, PROGRESS_EVERY_MS));
  const state = await admin('GET', `/admin/routes/${ROUTE}/ramp`);
  const stats = (await admin('GET', '/admin/stats?window=10')) as {
    routes: Array<{ id: string; backends: Record<string, { rps: number; p99Ms: number | null }> }>;
  };
  const b = stats.routes.find((r) => r.id === ROUTE)!.backends;
  const line = `${String(state.status)} at ${String(state.weight)} % — ${String(state.message)}`;
  console.log(
    `${elapsed()}  ${line === last ? '…' : line}  [legacy ${b.legacy!.rps} rps p99 ${b.legacy!.p99Ms ?? '–'} ms | new ${b.new!.rps} rps p99 ${b.new!.p99Ms ?? '–'} ms]`,
  );
  last = line;
  if (!['running', 'waiting'].includes(String(state.status))) break;
}

running = false;
await Promise.all(clients);
const report = buildReport(
  {
    snapshot: strangler.live.current(),
    stats: strangler.admin.stats,
    book: strangler.cutover.book,
    fallbacksSince: (id, from) => strangler.cutover.fallbacksSince(id, from),
    ramp: (id) => strangler.cutover.ramps?.state(id),
    now: Date.now(),
    quietPeriodMs: strangler.cutover.quietPeriodMs,
  },
  300,
);
console.log(
  `\n${elapsed()}  ${sent} requests sent. Decommission report (legacy retires after the 24 h quiet period in phase new):\n`,
);
console.log(reportMarkdown(report));
await strangler.close();
await stack.close();
