import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROUTE, restartableRamp, type RestartableRamp } from '../../helpers/restartableRamp.ts';

describe('an unusable ramp state file never stops the proxy', () => {
  let r: RestartableRamp;
  afterEach(() => r.close());

  it.each([
    ['torn JSON', '{"version":1,"savedAt":"2026-03-01T00:00:00.000Z","ramps":[{"route":"quote","sta', /^not JSON: /],
    [
      'JSON of the wrong shape',
      '{"version":1,"savedAt":"x","ramps":[{"route":"quote","status":"flying"}]}',
      /^not a ramp state file: ramps\.0\.status: /,
    ],
  ])(
    '%s: starts with no ramp state, warns with the path and the error, keeps the bad file aside',
    async (_name, content, error) => {
      r = await restartableRamp({
        faults: { errorRate: 0, latencyMs: 1 },
        ramp: { steps: [10, 100], interval: '60s' },
      });
      await writeFile(r.rampStateFile, content);

      const instance = await r.start();
      const res = await fetch(`${instance.proxy.proxyUrl}/quote`);
      expect(res.status).toBe(200);
      expect((await instance.admin('GET', '/admin/ramps')).body).toEqual({
        controller: true,
        leading: true,
        ramps: [],
      });

      const warning = instance.warnings.find(
        (line) => line.msg === 'ramp state file unusable; starting with no ramp state',
      );
      expect(warning).toMatchObject({ level: 40, file: r.rampStateFile });
      expect(String(warning!.error)).toMatch(error);
      const aside = (await readdir(r.dir)).filter((name) => name.startsWith('routes.yaml.ramp.json.corrupt-'));
      expect(aside).toEqual(['routes.yaml.ramp.json.corrupt-2026-03-01T00-00-00-000Z']);
      expect(warning!.keptAs).toBe(path.join(r.dir, aside[0]!));
      expect(await readFile(path.join(r.dir, aside[0]!), 'utf8')).toBe(content);

      // The next change writes a fresh, whole file.
      expect((await instance.admin('POST', `/admin/routes/${ROUTE}/ramp/start`)).body).toMatchObject({
        status: 'running',
        weight: 10,
      });
      expect((await r.saved()).ramp).toMatchObject({ status: 'running', weight: 10 });
    },
  );
});
