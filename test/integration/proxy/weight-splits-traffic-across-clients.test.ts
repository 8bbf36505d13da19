import { afterAll, beforeAll, expect, it } from 'vitest';
import { handlerRegistry } from '../../../proxy/forward/handlers.ts';
import { answerAsNew } from '../../helpers/newHandler.ts';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';

let legacy: TestUpstream;
let proxy: TestProxy;

beforeAll(async () => {
  legacy = await startUpstream(echoListener('legacy'));
  proxy = await startProxy({
    handlers: handlerRegistry({ hello: answerAsNew }),
    config: {
      backends: { legacy: { url: legacy.url } },
      routes: [0, 100, 30].map((weight) => ({ id: `w${weight}`, match: { path: `/w${weight}` }, new: { handler: 'hello' }, weight })),
    },
  });
});
afterAll(async () => {
  await proxy.close();
  await legacy.close();
});

async function newShare(path: string, clients: number): Promise<number> {
  let onNew = 0;
  for (let start = 0; start < clients; start += 50) {
    const batch = Array.from({ length: Math.min(50, clients - start) }, (_, i) =>
      fetch(`${proxy.url}${path}`, { headers: { 'x-user-id': `client-${start + i}` } }).then(async (res) => {
        const backend = res.headers.get('x-strangler-backend');
        expect((await res.json()) as { backend: string }).toMatchObject({ backend });
        if (backend === 'new') onNew++;
      }),
    );
    await Promise.all(batch);
  }
  return onNew / clients;
}

it('weight 0 keeps every client on legacy', async () => {
  expect(await newShare('/w0', 300)).toBe(0);
});

it('weight 100 sends every client to new', async () => {
  expect(await newShare('/w100', 300)).toBe(1);
});

it('weight 30 sends about 30 % of distinct clients to new', async () => {
  const share = await newShare('/w30', 2000);
  expect(share).toBeGreaterThan(0.26);
  expect(share).toBeLessThan(0.34);
});
