// The contract sequence through the real proxy, on the repository's own routes.yaml, in front of the real legacy
// reference server and the real handler registry: once with every request forced to legacy, once forced to new
// (the route table's override header), each on a fresh store. Catches what a direct comparison cannot: a route
// that names the wrong handler or misses an endpoint, and anything the proxy changes on the way.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Config } from '../../../proxy/config/types.ts';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import { STACK_START_TIMEOUT_MS, startServices, type ServicesUnderTest } from '../../helpers/servicesServer.ts';
import { CONTRACT_SEQUENCE, runContractSequence, withoutVolatile } from '../../helpers/contractSequence.ts';

const ROUTES_YAML = new URL('../../../routes.yaml', import.meta.url);

interface Side {
  services: ServicesUnderTest;
  proxy: TestProxy;
}

async function startSide(): Promise<Side> {
  const services = await startServices();
  const config = parse(await readFile(ROUTES_YAML, 'utf8')) as Config;
  config.backends.legacy.url = services.legacyUrl;
  expect(config.overrideHeader).toMatchObject({ enabled: true });
  const proxy = await startProxy({ handlers: services.stack.handlers, config });
  return { services, proxy };
}

describe('legacy and new answer the same contract through the proxy on routes.yaml', () => {
  let legacySide: Side;
  let newSide: Side;
  beforeAll(async () => {
    [legacySide, newSide] = await Promise.all([startSide(), startSide()]);
  }, STACK_START_TIMEOUT_MS);
  afterAll(async () => {
    for (const side of [legacySide, newSide]) {
      await side?.proxy.close();
      await side?.services.close();
    }
  });

  it('gives equal status codes and bodies for every step, each answered by the backend it was forced to', async () => {
    const legacy = await runContractSequence(legacySide.proxy.url, { 'x-strangler-backend': 'legacy' });
    const fresh = await runContractSequence(newSide.proxy.url, { 'x-strangler-backend': 'new' });
    CONTRACT_SEQUENCE.forEach(([method, path], i) => {
      const step = `${i}: ${method} ${path}`;
      expect({ step, backend: legacy[i]!.backend }).toEqual({ step, backend: 'legacy' });
      expect({ step, backend: fresh[i]!.backend }).toEqual({ step, backend: 'new' });
      expect({ step, status: fresh[i]!.status, body: withoutVolatile(fresh[i]!.body) }).toEqual({
        step,
        status: legacy[i]!.status,
        body: withoutVolatile(legacy[i]!.body),
      });
    });
  });
});
