import { describe, expect, it } from 'vitest';
import { spawnMain, writeConfig } from '../../helpers/spawnStrangler.ts';

describe('an invalid routes.yaml stops start-up with the full validation report and exit code 1', () => {
  it('lists every problem with its line', async () => {
    const file = writeConfig(
      [
        'backends:',
        '  legacy: { url: "http://127.0.0.1:5000" }',
        'routes:',
        '  - id: orders',
        '    match: { path: /api/orders }',
        '    new: { url: "http://127.0.0.1:5001" }',
        '    weight: 140',
        '  - id: orders',
        '    match: { path: /api/other }',
        '    new: { url: "http://127.0.0.1:5001" }',
        '    weight: 10',
        '',
      ].join('\n'),
    );
    const spawned = spawnMain(['--config', file, '--workers', '2']);
    const { code } = await spawned.exited;
    expect(code).toBe(1);
    expect(spawned.stderr()).toContain(`${file}: 2 problems`);
    expect(spawned.stderr()).toMatch(/:7:\d+ +routes\[0\]\.weight: 140 is above 100/);
    expect(spawned.stderr()).toMatch(/:8:\d+ +routes\[1\]\.id: "orders" is already used by routes\[0\]/);
  });

  it('a missing file names the flag and variable that choose it', async () => {
    const spawned = spawnMain(['--config', '/nonexistent/routes.yaml', '--workers', '1']);
    expect((await spawned.exited).code).toBe(1);
    expect(spawned.stderr()).toContain('file not found — pass --config <file> or set STRANGLER_CONFIG');
  });

  it('a bad flag value says what to pass instead', async () => {
    const spawned = spawnMain(['--workers', 'many']);
    expect((await spawned.exited).code).toBe(1);
    expect(spawned.stderr()).toContain('--workers: "many" is not a whole number above 0');
  });
});
