// The `strangler` command: operate a running proxy through its admin API, or validate routes.yaml.
import { auditCommand } from './commands/audit.ts';
import { compareCommand } from './commands/compare.ts';
import { diffsCommand } from './commands/diffs.ts';
import { DISCOVER_USAGE, discoverCommand } from './commands/discover.ts';
import { INIT_USAGE, initCommand } from './commands/init.ts';
import { phaseCommand } from './commands/phase.ts';
import { rampCommand } from './commands/ramp.ts';
import { reportCommand } from './commands/report.ts';
import { rollbackCommand } from './commands/rollback.ts';
import { shiftCommand } from './commands/shift.ts';
import { startCommand } from './commands/start.ts';
import { statusCommand } from './commands/status.ts';
import { STORE_USAGE, storeCommand } from './commands/store.ts';
import { validateCommand } from './commands/validate.ts';
import { CliError, EXIT } from './exitCodes.ts';

import { USAGE as START_USAGE } from '../cluster/options.ts';

interface Command {
  run: (args: string[]) => Promise<number>;
  /** The command's line in the help, `strangler <command> --help` prints it (start: every flag). */
  usage: string;
}

const COMMANDS: Record<string, Command> = {
  init: { run: initCommand, usage: INIT_USAGE },
  status: { run: statusCommand, usage: 'status [--json]                                  weight, req/s, error rate, p50/p99 per backend (last minute)' },
  shift: { run: shiftCommand, usage: 'shift <route> <weight> --reason "…" [--yes]      change a route\'s weight (shows the diff, asks to confirm)' },
  rollback: { run: rollbackCommand, usage: 'rollback <route> [--reason "…"]                  set a route\'s weight to 0 at once' },
  compare: { run: compareCommand, usage: 'compare <route> [--window 5m] [--min-requests N] [--json]  legacy vs new side by side, with a verdict' },
  discover: { run: discoverCommand, usage: DISCOVER_USAGE },
  validate: { run: validateCommand, usage: 'validate [file]                                  check routes.yaml and list every problem (no proxy needed)' },
  audit: { run: auditCommand, usage: 'audit [--route <id>] [--limit N] [--json]        applied changes, newest first' },
  diffs: { run: diffsCommand, usage: 'diffs <route> [--limit N] [--json]               shadow match rate, learned noise, latest mismatches' },
  ramp: { run: rampCommand, usage: 'ramp start|pause|resume|abort|status <route> [--json]  automatic ramp with comparative gates (controller replica)' },
  phase: { run: phaseCommand, usage: 'phase <route> <legacy|shadow|canary|new|retired> [--reason "…"]  move a route to another migration phase' },
  report: { run: reportCommand, usage: 'report [--window 15m] [--json]                   decommission report: ready to retire legacy, or why not' },
  store: { run: storeCommand, usage: STORE_USAGE },
  start: { run: startCommand, usage: START_USAGE.replace(/^usage: strangler /, '') },
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
