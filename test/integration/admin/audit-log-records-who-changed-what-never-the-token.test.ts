import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall, startFileProxy, routesYaml, type FileProxy } from '../../helpers/adminFixtures.ts';

const ALICE = 'alice-secret-token-0123456789';
const BOB = 'bob-secret-token-abcdefghijkl';

describe('every applied change is appended to the JSONL audit log', () => {
  let proxy: FileProxy;
  beforeAll(async () => {
    proxy = await startFileProxy(routesYaml('http://127.0.0.1:9'), {
      adminTokens: [
        { name: 'alice', token: ALICE },
        { name: 'bob', token: BOB },
      ],
    });
  });
  afterAll(() => proxy.close());

  it('records time, token name, route, old → new weight, reason and hashes; filters by route; newest first', async () => {
    const hash0 = proxy.live.current().hash;
    const first = await adminCall(proxy.adminUrl, 'PATCH', '/admin/routes/orders', {
      token: ALICE,
      body: { weight: 25, reason: 'step 2 of the ramp' },
      headers: { 'if-match': hash0 },
    });
    expect(first.status).toBe(200);
    const hash1 = proxy.live.current().hash;
    await adminCall(proxy.adminUrl, 'POST', '/admin/routes/status/rollback', {
      token: BOB,
      body: { reason: 'p99 doubled' },
    });
    const hash2 = proxy.live.current().hash;

    const lines = (await readFile(proxy.auditFile, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(1); // status was already at 0: a no-op rollback is not a change
    expect(lines[0]).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      actor: 'alice',
      action: 'shift',
      route: 'orders',
      fromWeight: 10,
      toWeight: 25,
      reason: 'step 2 of the ramp',
      configHashBefore: hash0,
      configHashAfter: hash1,
    });
    expect(hash2).toBe(hash1);

    await adminCall(proxy.adminUrl, 'POST', '/admin/routes/orders/rollback', {
      token: BOB,
      body: { reason: 'errors' },
    });
    const all = await adminCall(proxy.adminUrl, 'GET', '/admin/audit?limit=10', { token: BOB });
    expect(all.body.entries.map((e: { actor: string }) => e.actor)).toEqual(['bob', 'alice']);
    const limited = await adminCall(proxy.adminUrl, 'GET', '/admin/audit?route=orders&limit=1', { token: BOB });
    expect(limited.body.entries).toHaveLength(1);
    expect(limited.body.entries[0]).toMatchObject({ action: 'rollback', fromWeight: 25, toWeight: 0 });
    expect((await adminCall(proxy.adminUrl, 'GET', '/admin/audit?route=status', { token: BOB })).body.entries).toEqual(
      [],
    );

    const text = await readFile(proxy.auditFile, 'utf8');
    expect(text).not.toContain(ALICE);
    expect(text).not.toContain(BOB);
  });
});
