import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../proxy/config/persist.ts';
import { routesYaml, tempDir } from '../../helpers/adminFixtures.ts';

const WRITER = path.resolve(import.meta.dirname, '../../helpers/adminCrashWriter.ts');

describe('a crash between the temp write and the rename never leaves a partial routes.yaml', () => {
  it('a writer process killed after the temp file is durable leaves the old file intact', async () => {
    const file = path.join(await tempDir(), 'routes.yaml');
    const original = routesYaml('http://127.0.0.1:9');
    await writeFile(file, original);
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await expect.poll(() => out, { timeout: 20_000 }).toMatch(/^temp-written (.+)\n/);
    const tempFile = /^temp-written (.+)\n/.exec(out)![1]!;
    expect(path.dirname(tempFile)).toBe(path.dirname(file)); // same directory ⇒ same filesystem ⇒ atomic rename
    expect(await readFile(tempFile, 'utf8')).toContain('this text must never become the file');
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(await readFile(file, 'utf8')).toBe(original);
  });

  it('a failure before the rename removes the temp file and keeps the old file', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'routes.yaml');
    await writeFile(file, 'old\n');
    let temp = '';
    await expect(
      writeFileAtomic(file, 'new\n', {
        beforeRename: async (tempFile) => {
          temp = tempFile;
          throw new Error('disk full');
        },
      }),
    ).rejects.toThrow('disk full');
    expect(await readFile(file, 'utf8')).toBe('old\n');
    await expect(stat(temp)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
