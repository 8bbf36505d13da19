// The Dockerfile, read as text (there is no docker here): a multi-stage build that installs, compiles and
// prunes; a run stage with only the compiled proxy, a non-root user, the proxy's ports and a health check;
// and node itself as the entry point (exec form), so SIGTERM and SIGHUP reach the proxy, not npm or a shell.
// test/integration/build/compiled-build-serves-like-the-sources.test.ts runs that entry point on what the
// run stage copies, without the sources.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ConfigSchema, DEFAULT_ADMIN_PORT } from '../../../proxy/config/types.ts';
import { copiesFrom, execForm, instructions, last, readDockerfile } from '../../helpers/dockerfile.ts';

const REPO = path.resolve(import.meta.dirname, '../../..');
const stages = readDockerfile(path.join(REPO, 'Dockerfile'));
const build = stages[0]!;
const run = stages.at(-1)!;
const runs = (stage: typeof build) =>
  instructions(stage, 'RUN')
    .map((instruction) => instruction.args)
    .join('\n');

describe('Dockerfile: build stage', () => {
  it('is a separate stage that installs from the lock file, builds, then prunes the dev dependencies', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(build.name).toBe('build');
    const commands = runs(build);
    const order = ['npm ci', 'npm run build', 'npm prune --omit=dev'].map((command) => commands.indexOf(command));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(instructions(build, 'COPY').some(({ args }) => args.includes('package-lock.json'))).toBe(true);
  });

  it('runs on the Node major the project supports', () => {
    const major = Number(
      /(\d+)/.exec(JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).engines.node)?.[1],
    );
    for (const stage of stages) expect(stage.from).toMatch(new RegExp(`^node:${major}\\b`));
  });
});

describe('Dockerfile: run stage', () => {
  it('takes only the compiled build, the bin, package.json and node_modules from the build stage — no sources', () => {
    const taken = copiesFrom(run, 'build').map((copy) => copy.src);
    expect(taken.sort()).toEqual(['/app/bin', '/app/dist', '/app/node_modules', '/app/package.json']);
    const all = instructions(run, 'COPY')
      .map(({ args }) => args)
      .join('\n');
    expect(all).not.toMatch(/\b(proxy|services|scripts|test)\b(?!\/)/);
  });

  it('runs as a non-root user', () => {
    const user = last(run, 'USER');
    expect(user).toBeDefined();
    expect(user!.split(':')[0]).not.toMatch(/^(root|0)$/);
  });

  it('the entry point is node running the bin in exec form: no npm, npx or shell between the signal and the proxy', () => {
    const entrypoint = execForm(last(run, 'ENTRYPOINT') ?? '');
    expect(entrypoint).toEqual(['node', 'bin/strangler.js', 'start']);
    const cmd = execForm(last(run, 'CMD') ?? '');
    expect(cmd).toBeDefined();
    for (const word of [...entrypoint!, ...cmd!]) expect(word).not.toMatch(/^(npm|npx|sh|bash|\/bin\/sh|tsx)$/);
    expect(instructions(run, 'STOPSIGNAL').map(({ args }) => args)).not.toContain('SIGKILL');
  });

  it('forces the compiled runtime, so a broken build fails loudly instead of falling back to tsx', () => {
    expect(
      instructions(run, 'ENV')
        .map(({ args }) => args)
        .join(' '),
    ).toMatch(/\bSTRANGLER_RUNTIME=dist\b/);
  });

  it('exposes the ports of the config it ships and checks health on the admin listener', () => {
    const copied = instructions(run, 'COPY').map(({ args }) => args.split(/\s+/).filter((w) => !w.startsWith('--')));
    const seed = copied.find(([src]) => src!.endsWith('routes.yaml'))!;
    const config = ConfigSchema.parse(parse(readFileSync(path.join(REPO, seed[0]!), 'utf8')));
    expect(execForm(last(run, 'CMD')!)).toEqual(['--config', seed[1]]);
    const exposed = instructions(run, 'EXPOSE')
      .flatMap(({ args }) => args.split(/\s+/))
      .map(Number);
    expect(exposed.sort()).toEqual([config.listen.port, config.admin.port].sort());
    expect(config.admin.port).toBe(DEFAULT_ADMIN_PORT);
    const health = last(run, 'HEALTHCHECK') ?? '';
    expect(health).toContain(`http://127.0.0.1:${config.admin.port}/healthz`);
    expect(execForm(health.slice(health.indexOf('CMD') + 3).trim())?.[0]).toBe('node'); // no curl in a slim image
  });
});

describe('.dockerignore', () => {
  it('keeps local installs, builds and state out of the build context', () => {
    const ignored = readFileSync(path.join(REPO, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim());
    for (const entry of ['node_modules', 'dist', '.git', 'data', '*.audit.jsonl']) expect(ignored).toContain(entry);
    for (const needed of ['proxy', 'services', 'bin', 'scripts', 'types', 'deploy'])
      expect(ignored).not.toContain(needed);
  });
});
