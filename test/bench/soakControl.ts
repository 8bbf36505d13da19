// The soak's operator: flips the orders route's weight (20 ↔ 80) through the admin API every second and
// rewrites routes.yaml in place every 10 s (status's weight 0 ↔ 100), which the proxy hot-reloads. Both
// run in one loop so a file rewrite never races the admin API's own write of the same file.
import { readFileSync, writeFileSync } from 'node:fs';
import type { TargetReady } from './soakTarget.ts';

export interface SoakControlResult {
  flips: { applied: number; refused: Record<string, number> };
  fileRewrites: number;
}

const STATUS_WEIGHT = /(- id: status\n(?:.*\n)*?\s+weight: )(\d+)/;

export async function flipWeightEverySecond(target: TargetReady, deadline: number): Promise<SoakControlResult> {
  const result: SoakControlResult = { flips: { applied: 0, refused: {} }, fileRewrites: 0 };
  const started = Date.now();
  for (let tick = 1; started + tick * 1_000 < deadline; tick++) {
    // On a fixed 1 s schedule: the time a change takes does not stretch the interval.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + tick * 1_000 - Date.now())));
    const etag = (await fetch(`${target.adminUrl}/admin/routes`)).headers.get('etag') ?? '';
    const res = await fetch(`${target.adminUrl}/admin/routes/orders`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'if-match': etag },
      body: JSON.stringify({ weight: tick % 2 === 0 ? 20 : 80, reason: 'soak flip' }),
    });
    await res.arrayBuffer();
    if (res.ok) result.flips.applied++;
    else result.flips.refused[res.status] = (result.flips.refused[res.status] ?? 0) + 1;
    if (tick % 10 === 0) {
      const text = readFileSync(target.configFile, 'utf8');
      writeFileSync(
        target.configFile,
        text.replace(STATUS_WEIGHT, (_all, head: string, weight: string) => `${head}${weight === '0' ? '100' : '0'}`),
      );
      result.fileRewrites++;
    }
  }
  return result;
}
