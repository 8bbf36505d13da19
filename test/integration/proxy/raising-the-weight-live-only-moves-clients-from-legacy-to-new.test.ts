// Monotonicity end to end: clients keep their backend across a live weight change through the admin API, except
// that raising the weight moves some from legacy to new (never the other way), and lowering it only moves back.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { adminCall } from '../../helpers/adminFixtures.ts';
import { helloProxyForFile } from '../../helpers/helloProxy.ts';

const CLIENTS = 120;

const running = helloProxyForFile({
  sticky: { key: ['header:x-user-id'] },
  routes: [{ id: 'split', match: { path: '/split' }, new: { handler: 'hello' }, weight: 0 }],
});

async function setWeight(weight: number): Promise<void> {
  const etag = (await adminCall(running.proxy.adminUrl, 'GET', '/admin/routes')).headers.get('etag')!;
  const res = await adminCall(running.proxy.adminUrl, 'PATCH', '/admin/routes/split', {
    body: { weight, reason: 'property test' },
    headers: { 'if-match': etag },
  });
  expect(res.status).toBe(200);
}

/** Which clients new serves right now: one request each, in parallel batches. */
async function onNew(clients: string[]): Promise<Set<string>> {
  const served = new Set<string>();
  for (let i = 0; i < clients.length; i += 50) {
    await Promise.all(
      clients.slice(i, i + 50).map(async (client) => {
        const res = await fetch(`${running.proxy.url}/split`, { headers: { 'x-user-id': client } });
        await res.arrayBuffer();
        const backend = res.headers.get('x-strangler-backend');
        expect(backend === 'new' || backend === 'legacy').toBe(true);
        if (backend === 'new') served.add(client);
      }),
    );
  }
  return served;
}

const weightArb = fc.integer({ min: 0, max: 10_000 }).map((hundredths) => hundredths / 100);

it('a live raise only moves clients from legacy to new, and a live lowering only moves them back', async () => {
  let moved = 0;
  await fc.assert(
    fc.asyncProperty(fc.string({ minLength: 1, maxLength: 8 }), weightArb, weightArb, async (prefix, a, b) => {
      const [lower, higher] = a <= b ? [a, b] : [b, a];
      const clients = Array.from({ length: CLIENTS }, (_, i) => `${prefix}-${i}`);
      await setWeight(lower);
      const atLower = await onNew(clients);
      await setWeight(higher);
      const atHigher = await onNew(clients);
      moved += atHigher.size - atLower.size;
      for (const client of atLower)
        expect(atHigher.has(client), `${client} left new when the weight rose ${lower} → ${higher}`).toBe(true);
      await setWeight(lower);
      expect(await onNew(clients)).toEqual(atLower); // back down: exactly the same clients as before
    }),
    { numRuns: 5, seed: 17 },
  );
  expect(moved).toBeGreaterThan(CLIENTS / 2); // the runs did move clients, not only watch them stay put
});
