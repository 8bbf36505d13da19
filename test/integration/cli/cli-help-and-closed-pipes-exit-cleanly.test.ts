// What a new user tries first: `--help` on any command answers with that command's usage and exit 0, the
// top-level help lists every command with its flags, and a reader that closes the pipe early
// (`strangler … | head -1`) is not an error with a stack trace.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/adminCli.ts';

const BIN = path.resolve(import.meta.dirname, '../../../bin/strangler.js');

describe('strangler --help', () => {
  it('answers each command with its own usage and exit 0, start with every flag', async () => {
    const asked = [
      ['shift', '--help'],
      ['phase', 'orders', '-h'],
      ['ramp', 'start', '--help'],
      ['init', '--help'],
    ];
    const [start, ...runs] = await Promise.all([runCli(['start', '--help']), ...asked.map((args) => runCli(args))]);
    runs.forEach((run, i) => {
      expect(run!.code, asked[i]!.join(' ')).toBe(0);
      expect(run!.stdout).toMatch(new RegExp(`^usage: strangler ${asked[i]![0]} `));
      expect(run!.stderr).toBe('');
    });
    expect(start!.code).toBe(0);
    expect(start!.stdout).toContain('--drain-timeout');
  });

  it('lists every command and the start flags at the top level', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const name of [
      'status',
      'shift',
      'rollback',
      'compare',
      'validate',
      'audit',
      'diffs',
      'ramp',
      'phase',
      'report',
      'init',
      'start',
    ]) {
      expect(run.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    }
    expect(run.stdout).toContain('--ramp-controller');
  });

  it('exits 0 without a stack trace when the reader closes stdout first', async () => {
    const child = spawn(process.execPath, [BIN, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number];
    expect(stderr).not.toMatch(/EPIPE|at .*\.ts:\d+/);
    expect(code).toBe(0);
  });
});
