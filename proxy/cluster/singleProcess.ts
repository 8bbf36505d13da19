// `--workers 1`: proxy, admin listener and (with --demo) the reference stack in this one process.
import type { Logger } from 'pino';
import { servingUrls } from '../logging/servingUrls.ts';
import { flushLogs, startStrangler } from '../start.ts';
import { collectStartupGarbage } from './collectStartupGarbage.ts';
import { drainProxyServer } from './drain.ts';
import { openHandlerSource } from './handlerSource.ts';
import { loadStartupTable } from './startupTable.ts';
import type { StartupOptions } from './options.ts';
import { guardProcessErrors } from './processErrors.ts';
import { onShutdownSignal } from './shutdownSignals.ts';
import { ADMIN_PORT_ENV, LISTEN_PORT_ENV, withPortOverride } from './portOverrides.ts';

export async function runSingleProcess(options: StartupOptions, logger: Logger): Promise<void> {
  const errors = guardProcessErrors(logger);
  const { snapshot, shared } = await loadStartupTable(options, logger);
  const source = await openHandlerSource(options.demo, snapshot, logger).catch(async (error: unknown) => {
    await shared?.store.close();
    throw error;
  });
  try {
    const strangler = await startStrangler({
      snapshot,
      handlers: source.handlers,
      logger,
      configFile: options.configFile,
      auditFile: options.auditFile,
      rampStateFile: options.rampStateFile,
      rampController: options.rampController,
      shared,
      listen: withPortOverride(snapshot.config.listen, LISTEN_PORT_ENV),
      admin: withPortOverride(snapshot.config.admin, ADMIN_PORT_ENV),
    });
    errors.countIn(strangler.recorder);
    collectStartupGarbage();
    logger.info({ urls: servingUrls(strangler.proxyUrl, strangler.adminUrl, options.demo) }, 'serving');
    onShutdownSignal(logger, options.drainTimeoutMs, async (signal, drainTimeoutMs) => {
      logger.info({ signal, drainTimeoutMs }, 'draining');
      strangler.stopReadiness();
      const result = await drainProxyServer(strangler.proxyServer, strangler.proxyServer.upgrades, drainTimeoutMs);
      await strangler.close();
      await source.close();
      logger.info({ result }, 'drained, exiting');
      await flushLogs(logger);
    });
  } catch (error) {
    await source.close();
    throw error;
  }
}
