// Two real proxy processes on one routes.yaml: the file's lock, not anything inside one process, picks the winner.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnProxyOn, type ProxyProcess } from '../../helpers/adminCli.ts';
import { adminCall, routesYaml, tempDir } from '../../helpers/adminFixtures.ts';
import { pollUntil } from '../../helpers/poll.ts';

const LEGACY = 'http://127.0.0.1:9';
const etag = async (replica: ProxyProcess) =>
  (await adminCall(replica.adminUrl, 'GET', '/admin/routes')).headers.get('etag');

describe('two replica processes sharing routes.yaml receive racing PATCHes with the same If-Match', () => {
  let first: ProxyProcess;
  let second: ProxyProcess;
  beforeAll(async () => {
    const configFile = path.join(await tempDir('strangler-replicas-'), 'routes.yaml');
    await writeFile(configFile, routesYaml(LEGACY));
    [first, second] = await Promise.all([spawnProxyOn(configFile), spawnProxyOn(configFile)]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
  });

  it('exactly one wins across processes sharing the file; the loser sees 412; file, both replicas and audit agree', async () => {
    expect(second.configFile).toBe(first.configFile);
    const winners: Array<{ toWeight: number; reason: string }> = [];
    for (let round = 0; round < 5; round++) {
      const ifMatch = (await etag(first))!;
      const results = await Promise.all(
        [first, second].map((replica, i) =>
          adminCall(replica.adminUrl, 'PATCH', '/admin/routes/orders', {
            body: { weight: 20 + round * 10 + i, reason: `race ${round}` },
            headers: { 'if-match': ifMatch },
          }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
      const winner = results.find((r) => r.status === 200)!.body.toWeight as number;
      winners.push({ toWeight: winner, reason: `race ${round}` });
      expect(await readFile(first.configFile, 'utf8')).toBe(routesYaml(LEGACY, { orders: winner }));
      // Both replicas serve the winner's config (the loser caught up with the file before refusing).
      const winnerTag = await etag(first);
      expect(
        await pollUntil(
          () => etag(second),
          (tag) => tag === winnerTag,
        ),
      ).toBe(winnerTag);
    }
    // Both processes append to the one audit log next to the file: one entry per round, the winner's.
    const audit = await adminCall(second.adminUrl, 'GET', '/admin/audit?route=orders');
    const entries = (audit.body.entries as Array<Record<string, unknown>>).map(({ toWeight, reason }) => ({
      toWeight,
      reason,
    }));
    expect(entries.reverse()).toEqual(winners);
  });
});
