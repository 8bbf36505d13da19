// A reason with terminal escape codes (ESC [2J, a bare CR, a bidi override) is stored as sent, but
// `strangler audit` shows it escaped: nothing from stored text reaches the terminal as a control character.
import { expect, it } from 'vitest';
import { proxyProcessForFile, runCli } from '../../helpers/adminCli.ts';

const running = proxyProcessForFile({ orders: 100, status: 100 });

it('prints a hostile reason escaped, keeps the table on one line per entry, and --json keeps it as stored', async () => {
  const { env } = running;
  const reason = 'ok\u001b[2J\u001b[31mred\rover\u202eevil\u0007';
  expect((await runCli(['rollback', 'orders', '--reason', reason], env)).code).toBe(0);

  const table = await runCli(['audit'], env);
  expect(table.code).toBe(0);
  expect(table.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  expect(table.stdout).toContain('ok\\x1b[2J\\x1b[31mred\\x0dover\\u202eevil\\x07');
  expect(table.stdout.trimEnd().split('\n')).toHaveLength(2); // header + the one entry

  const json = await runCli(['audit', '--json'], env);
  expect(JSON.parse(json.stdout)[0].reason).toBe(reason);
});
