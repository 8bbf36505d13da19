// The demo serves its own copy of the shipped routes.yaml (./data/demo/routes.yaml, next to the demo's
// store), so the walkthrough's shifts, ramps and phase changes never edit the tracked file: step 1 holds
// again the next time. `--reset` puts a fresh copy back (and drops the copy's audit log and ramp state).
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

export const DEMO_CONFIG_FILE = './data/demo/routes.yaml';
const SHIPPED_CONFIG_FILE = './routes.yaml';

/** Copies the shipped file to `target` when there is no copy yet, or always with `reset`; returns whether it copied. */
export function prepareDemoConfig(target: string, reset: boolean, shipped: string = SHIPPED_CONFIG_FILE): boolean {
  if (!reset && existsSync(target)) return false;
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(shipped, target);
  if (reset) for (const suffix of ['.audit.jsonl', '.ramp.json']) rmSync(`${target}${suffix}`, { force: true });
  return true;
}
