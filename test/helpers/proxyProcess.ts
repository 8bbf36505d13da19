// Runs a real proxy in a child process, so a test can measure the proxy's own RSS while traffic flows.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ProxyProcess {
  url: string;
  rss(): Promise<number>;
  close(): Promise<void>;
}

const entry = fileURLToPath(new URL('./proxyChild.ts', import.meta.url));

export async function startProxyProcess(config: Record<string, unknown>): Promise<ProxyProcess> {
  const child = fork(entry, {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, STRANGLER_CHILD_CONFIG: JSON.stringify(config) },
    stdio: 'inherit',
  });
  const url = await nextMessage<{ url: string }>(child, (m) => typeof m.url === 'string');
  return {
    url: url.url,
    rss: async () => {
      const reply = nextMessage<{ rss: number }>(child, (m) => typeof m.rss === 'number');
      child.send('rss');
      return (await reply).rss;
    },
    close: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.send('close');
      }),
  };
}

function nextMessage<T>(child: ChildProcess, accept: (message: Record<string, unknown>) => boolean): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if (message && typeof message === 'object' && accept(message as Record<string, unknown>)) {
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message as T);
      }
    };
    const onExit = (code: number | null) => reject(new Error(`proxy child exited with ${code} before answering`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Samples `rss` every 100 ms while `work` runs; returns the highest value seen. */
export async function peakRssDuring(proxy: ProxyProcess, work: () => Promise<void>): Promise<number> {
  let peak = await proxy.rss();
  let running = true;
  const sampler = (async () => {
    while (running) {
      peak = Math.max(peak, await proxy.rss());
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  try {
    await work();
  } finally {
    running = false;
    await sampler;
  }
  return Math.max(peak, await proxy.rss());
}
