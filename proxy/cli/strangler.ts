// The `strangler` command: operate a running proxy through its admin API, or validate routes.yaml.
import { DISCOVER_USAGE, discoverCommand } from './commands/discover.ts';
import { INIT_USAGE, initCommand } from './commands/init.ts';
import { STORE_USAGE, storeCommand } from './commands/store.ts';
import { CliError, EXIT } from './exitCodes.ts';

import { USAGE as START_USAGE } from '../cluster/options.ts';

/** A command's module is imported when it runs: `strangler start` does not load the other commands (idle RSS). */
function lazy<M extends Record<K, (args: string[]) => Promise<number>>, K extends string>(
  load: () => Promise<M>,
  name: K,
): Command['run'] {
  return async (args) => (await load())[name](args);
}

interface Command {
  run: (args: string[]) => Promise<number>;
  /** The command's line in the help, `strangler <command> --help` prints it (start: every flag). */
  usage: string;
}

const COMMANDS: Record<string, Command> = {
  init: { run: initCommand, usage: INIT_USAGE },
  status: {
    run: lazy(() => import('./commands/status.ts'), 'statusCommand'),
    usage:
      'status [--json]                                  weight, req/s, error rate, p50/p99 per backend (last minute)',
  },
  shift: {
    run: lazy(() => import('./commands/shift.ts'), 'shiftCommand'),
    usage:
      'shift <route> <weight> --reason "…" [--yes]      change a route\'s weight (shows the diff, asks to confirm)',
  },
  rollback: {
    run: lazy(() => import('./commands/rollback.ts'), 'rollbackCommand'),
    usage: 'rollback <route> [--reason "…"]                  set a route\'s weight to 0 at once',
  },
  compare: {
    run: lazy(() => import('./commands/compare.ts'), 'compareCommand'),
    usage: 'compare <route> [--window 5m] [--min-requests N] [--json]  legacy vs new side by side, with a verdict',
  },
  discover: { run: discoverCommand, usage: DISCOVER_USAGE },
  validate: {
    run: lazy(() => import('./commands/validate.ts'), 'validateCommand'),
    usage:
      'validate [file]                                  check routes.yaml and list every problem (no proxy needed)',
  },
  audit: {
    run: lazy(() => import('./commands/audit.ts'), 'auditCommand'),
    usage: 'audit [--route <id>] [--limit N] [--json]        applied changes, newest first',
  },
  diffs: {
    run: lazy(() => import('./commands/diffs.ts'), 'diffsCommand'),
    usage: 'diffs <route> [--limit N] [--json]               shadow match rate, learned noise, latest mismatches',
  },
  ramp: {
    run: lazy(() => import('./commands/ramp.ts'), 'rampCommand'),
    usage:
      'ramp start|pause|resume|abort|status <route> [--json]  automatic ramp with comparative gates (controller replica)',
  },
  phase: {
    run: lazy(() => import('./commands/phase.ts'), 'phaseCommand'),
    usage: 'phase <route> <legacy|shadow|canary|new|retired> [--reason "…"]  move a route to another migration phase',
  },
  report: {
    run: lazy(() => import('./commands/report.ts'), 'reportCommand'),
    usage: 'report [--window 15m] [--json]                   decommission report: ready to retire legacy, or why not',
  },
  store: { run: storeCommand, usage: STORE_USAGE },
  start: {
    run: lazy(() => import('./commands/start.ts'), 'startCommand'),
    usage: START_USAGE.replace(/^usage: strangler /, ''),
  },
};

const HELP = `usage: strangler <command> [options]    (strangler <command> --help: that command alone)

${Object.values(COMMANDS)
  .map((command) => `  ${command.usage.replaceAll('\n', '\n    ')}`)
  .join('\n')}

env: STRANGLER_ADMIN_URL (default http://127.0.0.1:9090), STRANGLER_ADMIN_TOKEN
exit codes: 0 ok · 1 rejected/invalid · 2 usage · 3 proxy unreachable · 4 token refused · 5 config changed meanwhile · 6 not confirmed`;

/** `--help` or `-h` among the options (not after a `--`, where it would be a value). */
function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

// `strangler status | head -1` closes the pipe early: that is the reader being done, not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

async function run(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    console.log(HELP);
    return name === undefined ? EXIT.USAGE : EXIT.OK;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`unknown command "${name}"\n\n${HELP}`);
    return EXIT.USAGE;
  }
  if (asksForHelp(args)) {
    console.log(`usage: strangler ${command.usage}`);
    return EXIT.OK;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    console.error(`strangler ${name}: ${error.message}`);
    return error.exitCode;
  }
}

process.exitCode = await run(process.argv.slice(2));
