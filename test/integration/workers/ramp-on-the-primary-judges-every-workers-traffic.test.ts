import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';
import { spawnStrangler, type SpawnedStrangler } from '../../helpers/spawnStrangler.ts';

// The primary runs the ramp controller but serves no traffic: the workers relay their evidence to it.
const ramp = {
  steps: [50, 100],
  interval: '1s',
  gates: { minRequests: 5, maxErrorRateDelta: 0.5, maxP99Ratio: 20, p99FloorMs: 50 },
};

function get(url: string, user: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false, headers: { 'x-user-id': user } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

async function rampState(adminUrl: string): Promise<{ status: string; weight: number; message: string }> {
  return (await (await fetch(`${adminUrl}/admin/routes/orders/ramp`)).json()) as {
    status: string;
    weight: number;
    message: string;
  };
}

/** Sends traffic from many users until the ramp reaches one of the given statuses (or 25 s pass). */
async function driveUntil(
  strangler: SpawnedStrangler,
  statuses: string[],
): Promise<{ status: string; weight: number; message: string }> {
  const deadline = Date.now() + 25_000;
  let user = 0;
  for (;;) {
    await Promise.all(Array.from({ length: 10 }, () => get(`${strangler.proxyUrl}/api/orders`, `user${user++}`)));
    const state = await rampState(strangler.adminUrl);
    if (statuses.includes(state.status) || Date.now() > deadline) return state;
  }
}

describe("with --workers 2, a ramp run by the primary sees the workers' traffic", () => {
  let legacy: TestUpstream | undefined;
  let next: TestUpstream | undefined;
  let strangler: SpawnedStrangler | undefined;
  afterEach(async () => {
    strangler?.kill();
    await legacy?.close();
    await next?.close();
  });

  async function start(newListener: http.RequestListener): Promise<SpawnedStrangler> {
    legacy = await startUpstream(echoListener('legacy'));
    next = await startUpstream(newListener);
    strangler = await spawnStrangler(
      {
        backends: { legacy: { url: legacy.url } },
        routes: [{ id: 'orders', match: { path: '/api/orders' }, new: { url: next.url }, weight: 0, ramp }],
      },
      ['--workers', '2', '--ramp-controller'],
    );
    const started = await fetch(`${strangler.adminUrl}/admin/routes/orders/ramp/start`, { method: 'POST' });
    expect(started.status).toBe(200);
    return strangler;
  }

  it('advances a healthy new backend to 100 %', async () => {
    const spawned = await start(echoListener('new'));
    const state = await driveUntil(spawned, ['completed', 'rolled_back', 'aborted']);
    expect(state).toMatchObject({ status: 'completed', weight: 100 });
  });

  it('rolls back a failing new backend even though fallback hid its errors from clients', async () => {
    const spawned = await start((_req, res) => {
      res.statusCode = 503;
      res.end('new is down');
    });
    const state = await driveUntil(spawned, ['completed', 'rolled_back', 'aborted']);
    expect(state).toMatchObject({ status: 'rolled_back', weight: 0 });
    // Clients never saw the failures: every GET was answered by legacy.
    expect(await get(`${spawned.proxyUrl}/api/orders`, 'someone')).toBe(200);
  });
});
