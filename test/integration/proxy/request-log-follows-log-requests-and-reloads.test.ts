// log.requests and log.sampleRate decide which finished requests get a log line; a hot reload of the
// file applies the new setting to the next request. Metrics count every request either way.
import { writeFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { handlerRegistry } from '../../../proxy/forward/handlers.ts';
import { routesYaml, startFileProxy, type FileProxy } from '../../helpers/adminFixtures.ts';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';

const lines: { route?: string; status?: number; durationMs?: number }[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
    done();
  },
});
const requestLines = () => lines.filter((line) => line.durationMs !== undefined);

let legacy: TestUpstream;
let proxy: FileProxy;
let file: string;
const handlers = handlerRegistry({
  orders: (_req, res) => res.end('ok'),
  status: (_req, res) => {
    res.statusCode = 404; // a 4xx, which new answers itself (a 5xx would fall back to legacy)
    res.end('missing');
  },
});
const yamlWith = (log: string) => `${routesYaml(legacy.url, { orders: 100, status: 100 })}log: ${log}\n`;

async function reloadTo(log: string): Promise<void> {
  await writeFile(file, yamlWith(log));
  await expect
    .poll(() => JSON.stringify(proxy.live.current().config.log), { timeout: 10_000 })
    .toContain(log.includes('errors') ? 'errors' : 'all');
}

async function send(path: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await (await fetch(`${proxy.proxyUrl}${path}`)).text();
}

beforeAll(async () => {
  legacy = await startUpstream(echoListener('legacy'));
  proxy = await startFileProxy(yamlWith('{ requests: off }'), {
    handlers,
    logger: pino({ level: 'info' }, sink),
    watchConfig: { debounceMs: 20 },
  });
  file = proxy.configFile;
});
afterAll(async () => {
  await proxy.close();
  await legacy.close();
});

it('off logs no request, errors logs only the failures, all with a sample rate logs that share of successes', async () => {
  await send('/api/orders', 3);
  await send('/api/status', 2);
  expect(requestLines()).toEqual([]);

  await reloadTo('{ requests: errors }');
  lines.length = 0;
  await send('/api/orders', 3);
  await send('/api/status', 2);
  await expect.poll(() => requestLines().length).toBe(2);
  expect(requestLines().map((line) => [line.route, line.status])).toEqual([
    ['status', 404],
    ['status', 404],
  ]);

  await reloadTo('{ requests: all, sampleRate: 0.25 }');
  lines.length = 0;
  await send('/api/orders', 40);
  await send('/api/status', 3);
  await expect.poll(() => requestLines().length).toBe(13);
  expect(requestLines().filter((line) => line.route === 'orders')).toHaveLength(10);
  expect(requestLines().filter((line) => line.status === 404)).toHaveLength(3);
});
