// Start-up: flags and environment, config validation, then one process (--workers 1) or a node:cluster
// primary with N proxy workers. `npm start` runs this file directly; `strangler start` calls main().
import cluster from 'node:cluster';
import { pathToFileURL } from 'node:url';
import { ConfigInvalidError } from './config/errors.ts';
import { StartupError } from './config/startupError.ts';
import { runPrimary } from './cluster/primary.ts';
import { parseStartupOptions, UsageError } from './cluster/options.ts';
import { ADMIN_PORT_ENV, LISTEN_PORT_ENV, withPortOverride } from './cluster/portOverrides.ts';
import { runSingleProcess } from './cluster/singleProcess.ts';
import { runWorker } from './cluster/worker.ts';
import { prepareDemoConfig } from './cluster/demoConfig.ts';
import { loadAdminTokens } from './admin/tokens.ts';
import { createLogger } from './start.ts';
import { StoreStartError } from './controlplane/postgres/sharedStoreStart.ts';

/** Exit code for a config or usage problem (the report says what to fix). */
export const EXIT_INVALID_START = 1;

export async function main(argv: string[]): Promise<void> {
  if (cluster.isWorker) return runWorker();
  try {
    const options = parseStartupOptions(argv);
    // Bad tokens fail before anything starts (the demo stack, workers), so their line is the only output.
    loadAdminTokens();
    for (const variable of [LISTEN_PORT_ENV, ADMIN_PORT_ENV]) withPortOverride({ port: 0 }, variable); // fail before anything starts
    const logger = createLogger(options.logLevel);
    if (options.demoCopy) {
      const copied = prepareDemoConfig(options.configFile, options.demoCopy.reset);
      logger.info(
        { config: options.configFile, copied },
        'demo: serving its own copy of routes.yaml (the tracked file stays as shipped; --reset restores the copy)',
      );
    }
    if (options.workers === 1) await runSingleProcess(options, logger);
    else await runPrimary(options, logger);
  } catch (error) {
    if (error instanceof StartupError || error instanceof StoreStartError) {
      // One line, no stack: the message names the cause and the setting to change.
      process.stderr.write(`strangler start: ${error.message}\n`);
      process.exit(EXIT_INVALID_START);
    }
    if (!(error instanceof ConfigInvalidError || error instanceof UsageError)) throw error;
    // The full validation report: every problem with its path, line and fix.
    process.stderr.write(`${error.message}\n${hintFor(error, argv)}`);
    process.exit(EXIT_INVALID_START);
  }
}

/** Without --demo no handler runs in-process, so routes naming one fail validation: say why. */
function hintFor(error: Error, argv: readonly string[]): string {
  const namesHandler =
    error instanceof ConfigInvalidError && error.problems.some((p) => p.path.endsWith('.new.handler'));
  if (!namesHandler || argv.includes('--demo')) return '';
  return `hint: in-process handlers (new: { handler }) run with --demo, which starts the reference services in this process; without it, point routes at new: { url } or new: { upstream }\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(
      `strangler failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
}
