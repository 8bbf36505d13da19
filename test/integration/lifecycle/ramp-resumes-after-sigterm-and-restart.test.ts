import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';
import { spawnMain, spawnStrangler, waitForLog, type SpawnedStrangler } from '../../helpers/spawnStrangler.ts';

const ROUTE = 'quote';

describe('strangler start: a running ramp is picked up again after SIGTERM and a restart', () => {
  let legacy: TestUpstream;
  let candidate: TestUpstream;
  let first: SpawnedStrangler;
  let second: ReturnType<typeof spawnMain> | undefined;

  beforeAll(async () => {
    legacy = await startUpstream(echoListener('legacy'));
    candidate = await startUpstream(echoListener('new'));
    first = await spawnStrangler(
      {
        backends: { legacy: { url: legacy.url } },
        routes: [
          {
            id: ROUTE,
            match: { path: '/quote' },
            new: { url: candidate.url },
            weight: 0,
            ramp: { steps: [10, 50, 100], interval: '1h' },
          },
        ],
      },
      ['--workers', '1', '--ramp-controller'],
    );
  });
  afterAll(async () => {
    first.kill();
    second?.kill();
    await legacy.close();
    await candidate.close();
  });

  it('keeps its state in <config>.ramp.json and resumes at the step it had reached, in a cluster primary too', async () => {
    const started = await fetch(`${first.adminUrl}/admin/routes/${ROUTE}/ramp/start`, { method: 'POST' });
    expect(await started.json()).toMatchObject({ status: 'running', weight: 10 });
    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    const saved = JSON.parse(await readFile(`${first.configFile}.ramp.json`, 'utf8')) as { ramps: unknown[] };
    expect(saved.ramps).toEqual([
      expect.objectContaining({ route: ROUTE, status: 'running', weight: 10, stepIndex: 0 }),
    ]);

    second = spawnMain(['--config', first.configFile, '--workers', '2', '--ramp-controller']);
    const line = await waitForLog(second, (l) => l.msg === 'strangler cluster started', 45_000);
    expect(second.logs).toContainEqual(
      expect.objectContaining({ msg: 'ramp resumed after restart', route: ROUTE, weight: 10, step: 1 }),
    );
    const state = (await (await fetch(`${String(line.admin)}/admin/routes/${ROUTE}/ramp`)).json()) as {
      status: string;
      weight: number;
      history: Array<{ event: string }>;
    };
    expect(state).toMatchObject({ status: 'running', weight: 10 });
    expect(state.history.map((e) => e.event)).toEqual(['start', 'step', 'resume-after-restart']);
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    const again = JSON.parse(await readFile(`${first.configFile}.ramp.json`, 'utf8')) as {
      ramps: Array<{ history: unknown[] }>;
    };
    expect(again.ramps[0]!.history).toEqual(state.history);
  });
});
