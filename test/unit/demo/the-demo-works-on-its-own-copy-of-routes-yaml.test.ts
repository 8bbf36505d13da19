// The walkthrough leaves the tracked routes.yaml as shipped: `npm start` (--demo, no --config) serves a copy
// in data/demo/, edits land there, a restart keeps them, and `--reset` restores the shipped table.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_CONFIG_FILE, prepareDemoConfig } from '../../../proxy/cluster/demoConfig.ts';
import { parseStartupOptions, UsageError } from '../../../proxy/cluster/options.ts';

describe('the demo config copy', () => {
  it('npm start serves data/demo/routes.yaml, with its audit log and ramp state next to it; --config keeps its meaning', () => {
    const demo = parseStartupOptions(['--demo'], {});
    expect(demo).toMatchObject({
      configFile: DEMO_CONFIG_FILE,
      demoCopy: { reset: false },
      auditFile: `${DEMO_CONFIG_FILE}.audit.jsonl`,
      rampStateFile: `${DEMO_CONFIG_FILE}.ramp.json`,
    });
    expect(parseStartupOptions(['--demo', '--reset'], {}).demoCopy).toEqual({ reset: true });
    expect(parseStartupOptions(['--demo', '--config', 'mine.yaml'], {})).toMatchObject({
      configFile: 'mine.yaml',
      demoCopy: undefined,
    });
    expect(parseStartupOptions(['--demo'], { STRANGLER_CONFIG: 'env.yaml' })).toMatchObject({
      configFile: 'env.yaml',
      demoCopy: undefined,
    });
    expect(parseStartupOptions([], {})).toMatchObject({ configFile: './routes.yaml', demoCopy: undefined });
    expect(() => parseStartupOptions(['--reset'], {})).toThrow(UsageError);
  });

  it("copies once, keeps the copy's edits across restarts, restores it on --reset, and never writes the shipped file", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'strangler-demo-'));
    const shipped = path.join(dir, 'routes.yaml');
    const copy = path.join(dir, 'data/demo/routes.yaml');
    const original = readFileSync('routes.yaml', 'utf8');
    writeFileSync(shipped, original);
    expect(prepareDemoConfig(copy, false, shipped)).toBe(true);
    expect(readFileSync(copy, 'utf8')).toBe(original);
    const shifted = original.replace('weight: 25', 'weight: 50');
    expect(shifted).not.toBe(original);
    writeFileSync(copy, shifted);
    writeFileSync(`${copy}.audit.jsonl`, '{"action":"shift"}\n');
    expect(prepareDemoConfig(copy, false, shipped)).toBe(false);
    expect(readFileSync(copy, 'utf8')).toBe(shifted);
    expect(prepareDemoConfig(copy, true, shipped)).toBe(true);
    expect(readFileSync(copy, 'utf8')).toBe(original);
    expect(() => readFileSync(`${copy}.audit.jsonl`)).toThrow();
    expect(readFileSync(shipped, 'utf8')).toBe(original);
  });
});
