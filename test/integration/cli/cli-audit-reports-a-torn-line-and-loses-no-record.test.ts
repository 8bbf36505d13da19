// A crash mid-append tears the audit file's last line. The next change must still be recorded (on a line
// of its own, not glued onto the torn one), and `strangler audit` must say which line it could not read.
import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { proxyProcessForFile, runCli } from '../../helpers/adminCli.ts';

const running = proxyProcessForFile({ orders: 100, status: 100 });

it('records the change after a torn line and warns about that line on stderr', async () => {
  const { proxy, env } = running;
  const auditFile = path.join(path.dirname(proxy.configFile), 'audit.jsonl'); // adminServerProcess keeps it next to routes.yaml
  expect((await runCli(['rollback', 'orders', '--reason', 'first'], env)).code).toBe(0);
  await appendFile(auditFile, '{"time":"2026-11-23T16:00:00.000Z","actor":"lo'); // the crash: no newline
  expect((await runCli(['rollback', 'status', '--reason', 'after the crash'], env)).code).toBe(0);

  const lines = (await readFile(auditFile, 'utf8')).split('\n');
  expect(lines[1]).toBe('{"time":"2026-11-23T16:00:00.000Z","actor":"lo'); // kept as it was
  expect(JSON.parse(lines[2]!)).toMatchObject({ route: 'status', reason: 'after the crash' });

  const table = await runCli(['audit'], env);
  expect(table.code).toBe(0);
  expect(table.stdout).toContain('after the crash');
  expect(table.stdout).toContain('first');
  expect(table.stderr).toContain('1 line(s) of the audit file could not be read (line 2)');

  const json = await runCli(['audit', '--json'], env);
  expect(JSON.parse(json.stdout).map((entry: { reason: string }) => entry.reason)).toEqual([
    'after the crash',
    'first',
  ]);
  const api = await fetch(`${proxy.adminUrl}/admin/audit`);
  expect(await api.json()).toMatchObject({ unreadableLines: [2] });
});
