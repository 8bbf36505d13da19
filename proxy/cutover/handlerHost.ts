// Shadow copies reach in-process handlers through the loopback handler host, started on first use.
import { HOSTED_HANDLER_HEADER, HOSTED_SECRET_HEADER, startHandlerHost, type HandlerHost as LoopbackHost } from '../forward/handlerHost.ts';
import type { HandlerRegistry } from '../forward/handlers.ts';

export class HandlerHost {
  private host: Promise<LoopbackHost> | undefined;

  constructor(private readonly handlers: HandlerRegistry) {}

  /** Base URL and the headers that select `name`; the listener starts on first use. */
  async target(name: string): Promise<{ base: URL; headers: Record<string, string> }> {
    this.host ??= startHandlerHost(this.handlers);
    const { address } = await this.host;
    return { base: new URL(address.url), headers: { [HOSTED_HANDLER_HEADER]: name, [HOSTED_SECRET_HEADER]: address.secret } };
  }

  async close(): Promise<void> {
    await (await this.host)?.close();
  }
}
