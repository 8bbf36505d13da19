import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { idleState, type RampState } from '../../../proxy/cutover/ramp/rampState.ts';
import { RampStore } from '../../../proxy/cutover/ramp/rampStore.ts';

const NOW = Date.parse('2026-03-01T00:00:00Z');

function storeWithLog(file: string | undefined) {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: 'warn' },
    { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { store: new RampStore({ file, logger, now: () => NOW }), lines };
}

describe('the ramp state file', () => {
  it('many changes in a row: every save resolves with the newest state on disk, written whole, no temp file left', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'strangler-ramp-store-'));
    const file = path.join(dir, 'routes.yaml.ramp.json');
    const { store } = storeWithLog(file);
    const state: RampState = { ...idleState('orders'), status: 'running', steps: [1, 50, 100] };
    store.source(() => [state]);
    const saves: Array<Promise<void>> = [];
    for (let weight = 1; weight <= 50; weight++) {
      state.weight = weight;
      saves.push(store.save());
    }
    await Promise.all(saves);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      version: 1,
      savedAt: '2026-03-01T00:00:00.000Z',
      ramps: [{ ...state, weight: 50 }],
    });
    expect(await readdir(dir)).toEqual(['routes.yaml.ramp.json']);
    const { store: again } = storeWithLog(file);
    expect(await again.load()).toEqual([state]);
  });

  it('a write that fails is logged and does not throw; no file means nothing is read or written', async () => {
    const file = path.join(tmpdir(), 'strangler-no-such-dir', 'x', 'routes.yaml.ramp.json');
    const { store, lines } = storeWithLog(file);
    store.source(() => [idleState('orders')]);
    await expect(store.save()).resolves.toBeUndefined();
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, file, msg: expect.stringContaining('could not write the ramp state file') }),
    ]);
    expect(await store.load()).toEqual([]);

    const { store: memory } = storeWithLog(undefined);
    await memory.save();
    expect(await memory.load()).toEqual([]);
  });
});
