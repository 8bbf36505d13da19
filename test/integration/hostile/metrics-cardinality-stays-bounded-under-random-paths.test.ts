import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { handlerRegistry } from '../../../proxy/forward/handlers.ts';
import { expectStillServing, startHostileSetup, type HostileSetup } from '../../helpers/hostileSetup.ts';
import { answerAsNew } from '../../helpers/newHandler.ts';

let setup: HostileSetup;
const REQUESTS = 10_000;

beforeAll(async () => {
  setup = await startHostileSetup({
    handlers: handlerRegistry({ hello: answerAsNew }),
    config: { routes: [{ id: 'items', match: { path: '/api/items/:id' }, new: { handler: 'hello' }, weight: 50 }] },
  });
});
afterAll(() => setup.close());

it(
  '10k distinct random paths add no series beyond route × backend × method × status class',
  { timeout: 120_000 },
  async () => {
    const paths = Array.from({ length: REQUESTS }, (_, i) =>
      i % 2 === 0 ? `/api/items/${randomBytes(6).toString('hex')}` : `/${randomBytes(8).toString('hex')}/${i}`,
    );
    for (let start = 0; start < paths.length; start += 100) {
      await Promise.all(
        paths.slice(start, start + 100).map(async (path) => (await fetch(`${setup.proxy.url}${path}`)).arrayBuffer()),
      );
    }
    const metrics = await (await fetch(`${setup.proxy.adminUrl}/metrics`)).text();
    const series = metrics.split('\n').filter((line) => line.startsWith('strangler_'));
    expect(series.filter((line) => line.startsWith('strangler_requests_total{')).length).toBeLessThanOrEqual(3); // items×{legacy,new}, unmatched×legacy
    expect(series.length).toBeLessThan(100);
    expect(metrics).not.toMatch(/api\/items\/[0-9a-f]{12}/);
    const counted = series
      .filter((line) => line.startsWith('strangler_requests_total{'))
      .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
    expect(counted).toBe(REQUESTS);
    await expectStillServing(setup);
  },
);
