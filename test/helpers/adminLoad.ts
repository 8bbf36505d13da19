// Steady request load for reload tests: a few keep-alive loops hitting the proxy until stopped, counting
// every answer that is not 200 (or no answer at all) as a failure.
export interface LoadResult {
  ok: number;
  failures: string[];
  backends: Set<string>;
}

export function startLoad(url: string, concurrency = 4): { stop(): Promise<LoadResult> } {
  const result: LoadResult = { ok: 0, failures: [], backends: new Set() };
  let running = true;
  const loop = async (worker: number) => {
    for (let i = 0; running; i++) {
      try {
        const res = await fetch(url, { headers: { 'x-user-id': `client-${worker}-${i % 50}` } });
        await res.arrayBuffer();
        if (res.status === 200) result.ok++;
        else result.failures.push(`status ${res.status}`);
        result.backends.add(res.headers.get('x-strangler-backend') ?? '?');
      } catch (error) {
        result.failures.push(String((error as Error).cause ?? error));
      }
    }
  };
  const loops = Array.from({ length: concurrency }, (_, worker) => loop(worker));
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return result;
    },
  };
}
