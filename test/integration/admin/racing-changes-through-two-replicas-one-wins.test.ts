import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall, routesYaml, startFileProxy, type FileProxy } from '../../helpers/adminFixtures.ts';

describe('two replicas sharing routes.yaml receive racing PATCHes with the same If-Match', () => {
  let first: FileProxy;
  let second: FileProxy;
  beforeAll(async () => {
    // Watching off: each replica only learns of the other's write when it next changes the file itself.
    first = await startFileProxy(routesYaml('http://127.0.0.1:9'), { watchConfig: false });
    second = await startFileProxy('', { watchConfig: false }, first.dir);
  });
  afterAll(async () => {
    await Promise.all([first.close(), second.close()]);
  });

  it('exactly one wins across processes sharing the file; the loser sees 412 against what the file holds', async () => {
    for (let round = 0; round < 5; round++) {
      const ifMatch = first.live.current().hash;
      const results = await Promise.all(
        [first, second].map((replica, i) =>
          adminCall(replica.adminUrl, 'PATCH', '/admin/routes/orders', { body: { weight: 20 + round * 10 + i, reason: `race ${round}` }, headers: { 'if-match': ifMatch } }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
      const winner = results.find((r) => r.status === 200)!.body.toWeight as number;
      expect(await readFile(first.configFile, 'utf8')).toBe(routesYaml('http://127.0.0.1:9', { orders: winner }));
      // Both replicas now hold the winner's config (the loser caught up with the file before refusing).
      expect(second.live.current().hash).toBe(first.live.current().hash);
    }
  });
});
