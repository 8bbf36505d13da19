// The `--workers N` row of the proxy benchmark: the real `strangler start` (compiled build, as production
// runs it) with N proxy workers in front of the same legacy, legacy path. CPU is the primary's and its
// workers' from /proc; the workers' GC is not reported (each is its own process behind one port).
import { fileURLToPath } from 'node:url';
import { spawnStrangler } from '../helpers/spawnStrangler.ts';
import type { Target } from './proxyBench.ts';
import { nginxCpuMicros as processTreeCpuMicros } from './proxyNginx.ts';

const BIN = fileURLToPath(new URL('../../bin/strangler.js', import.meta.url));
const NO_GC = { gcMs: Number.NaN, scavenges: Number.NaN, promotedBytes: Number.NaN };

export async function startWorkersTarget(name: string, legacyUrl: string, workers: number): Promise<Target> {
  const config = {
    backends: { legacy: { url: legacyUrl } },
    routes: [{ id: 'bench', match: { path: '/bench', methods: ['GET'] }, new: { url: legacyUrl }, weight: 0 }],
  };
  const strangler = await spawnStrangler(config, ['--workers', String(workers)], { STRANGLER_RUNTIME: 'dist' }, [
    BIN,
    'start',
  ]);
  // The request log goes to a pipe this process drains unread (the other rows write to /dev/null).
  strangler.child.stdout!.removeAllListeners('data').resume();
  const pid = strangler.child.pid!;
  return {
    name,
    url: strangler.proxyUrl,
    cpuMicros: async () => processTreeCpuMicros(pid),
    gcStats: async () => NO_GC,
    stop: async () => {
      strangler.child.kill('SIGTERM');
      await strangler.exited;
    },
  };
}
