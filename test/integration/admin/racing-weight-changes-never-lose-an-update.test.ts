import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall, startFileProxy, routesYaml, type FileProxy } from '../../helpers/adminFixtures.ts';

describe('two concurrent PATCHes with the same If-Match', () => {
  let proxy: FileProxy;
  beforeAll(async () => {
    proxy = await startFileProxy(routesYaml('http://127.0.0.1:9'));
  });
  afterAll(() => proxy.close());

  it('exactly one wins; the other gets 412; file, live config and audit agree on the winner', async () => {
    const winners: Array<{ toWeight: number; reason: string; configHashAfter: string }> = [];
    for (let round = 0; round < 5; round++) {
      const ifMatch = `"${proxy.live.current().hash}"`;
      const weights = [30 + round, 60 + round];
      const results = await Promise.all(
        weights.map((weight) =>
          adminCall(proxy.adminUrl, 'PATCH', '/admin/routes/orders', {
            body: { weight, reason: `race ${round}` },
            headers: { 'if-match': ifMatch },
          }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
      const winner = results.find((r) => r.status === 200)!.body.toWeight as number;
      expect(proxy.live.current().byId.get('orders')!.weight).toBe(winner);
      expect(await readFile(proxy.configFile, 'utf8')).toMatch(new RegExp(`weight: ${winner} {4}# raise slowly!`));
      winners.push({ toWeight: winner, reason: `race ${round}`, configHashAfter: proxy.live.current().hash });
    }
    // One audit entry per round, oldest last, naming the weight the file holds and the config it produced.
    const audit = await adminCall(proxy.adminUrl, 'GET', '/admin/audit?route=orders');
    const entries = (audit.body.entries as Array<Record<string, unknown>>).map(
      ({ toWeight, reason, configHashAfter }) => ({ toWeight, reason, configHashAfter }),
    );
    expect(entries.reverse()).toEqual(winners);
  });
});
