import { expect, it } from 'vitest';
import { helloProxyForFile } from '../../helpers/helloProxy.ts';

const running = helloProxyForFile({
  routes: [0, 100, 30].map((weight) => ({
    id: `w${weight}`,
    match: { path: `/w${weight}` },
    new: { handler: 'hello' },
    weight,
  })),
});

async function newShare(path: string, clients: number): Promise<number> {
  let onNew = 0;
  for (let start = 0; start < clients; start += 50) {
    const batch = Array.from({ length: Math.min(50, clients - start) }, (_, i) =>
      fetch(`${running.proxy.url}${path}`, { headers: { 'x-user-id': `client-${start + i}` } }).then(async (res) => {
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
