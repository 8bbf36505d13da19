// For one test file: an echo legacy and a real proxy in front of it whose routes send their share to the `hello`
// handler (answerAsNew); started before the file's tests, closed after. Read `proxy` inside a test.
import { afterAll, beforeAll } from 'vitest';
import { handlerRegistry } from '../../proxy/forward/handlers.ts';
import { answerAsNew } from './newHandler.ts';
import { startProxy, type TestProxy } from './proxy.ts';
import { echoListener, startUpstream, type TestUpstream } from './upstream.ts';

/** `config`: routes.yaml fields besides `backends` (routes naming handler `hello`, sticky, ...). */
export function helloProxyForFile(config: Record<string, unknown>): { proxy: TestProxy } {
  let legacy: TestUpstream | undefined;
  const running = {} as { proxy: TestProxy };
  beforeAll(async () => {
    legacy = await startUpstream(echoListener('legacy'));
    running.proxy = await startProxy({
      handlers: handlerRegistry({ hello: answerAsNew }),
      config: { backends: { legacy: { url: legacy.url } }, ...config },
    });
  });
  afterAll(async () => {
    await running.proxy?.close();
    await legacy?.close();
  });
  return running;
}
