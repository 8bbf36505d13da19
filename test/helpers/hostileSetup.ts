// Shared setup of the hostile-traffic cases: a recording legacy behind a real proxy, and the check every
// case ends with — the proxy still serves a normal request afterwards.
import { expect } from 'vitest';
import type { HandlerRegistry } from '../../proxy/forward/handlers.ts';
import { startProxy, type TestProxy } from './proxy.ts';
import { startRecordingUpstream, type RecordingUpstream, type Responder } from './recordingUpstream.ts';

export interface HostileSetup {
  legacy: RecordingUpstream;
  proxy: TestProxy;
  close(): Promise<void>;
}

export async function startHostileSetup(options: { respond?: Responder; config?: Record<string, unknown>; handlers?: HandlerRegistry; legacyTimeoutMs?: number } = {}): Promise<HostileSetup> {
  const legacy = await startRecordingUpstream(options.respond);
  const proxy = await startProxy({
    handlers: options.handlers,
    config: { backends: { legacy: { url: legacy.url, timeoutMs: options.legacyTimeoutMs ?? 30_000 } }, ...options.config },
  });
  return {
    legacy,
    proxy,
    close: async () => {
      await proxy.close();
      await legacy.close();
    },
  };
}

/** A plain GET through the proxy still gets legacy's answer. */
export async function expectStillServing(setup: HostileSetup, path = '/still-serving'): Promise<void> {
  const res = await fetch(`${setup.proxy.url}${path}`);
  expect(res.status).toBe(200);
  await res.arrayBuffer();
  expect(setup.legacy.seen.some((seen) => seen.url === path)).toBe(true);
}
