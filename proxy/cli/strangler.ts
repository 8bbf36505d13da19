// The `strangler` command: operate a running proxy through its admin API, or validate routes.yaml.
import { auditCommand } from './commands/audit.ts';
import { compareCommand } from './commands/compare.ts';
import { diffsCommand } from './commands/diffs.ts';
import { phaseCommand } from './commands/phase.ts';
import { rampCommand } from './commands/ramp.ts';
import { reportCommand } from './commands/report.ts';
import { rollbackCommand } from './commands/rollback.ts';
import { shiftCommand } from './commands/shift.ts';
import { startCommand } from './commands/start.ts';
import { statusCommand } from './commands/status.ts';
import { validateCommand } from './commands/validate.ts';
import { CliError, EXIT } from './exitCodes.ts';

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  status: statusCommand,
  shift: shiftCommand,
  rollback: rollbackCommand,
  compare: compareCommand,
  validate: validateCommand,
  audit: auditCommand,
  start: startCommand,
  diffs: diffsCommand,
  ramp: rampCommand,
  phase: phaseCommand,
  report: reportCommand,
};

const HELP = `usage: strangler <command> [options]

  status [--json]                                  weight, req/s, error rate, p50/p99 per backend (last minute)
  shift <route> <weight> --reason "…" [--yes]      change a route's weight (shows the diff, asks to confirm)
  rollback <route> [--reason "…"]                  set a route's weight to 0 at once
  compare <route> [--window 5m] [--min-requests N] legacy vs new side by side, with a verdict
  validate [file]                                  check routes.yaml and list every problem (no proxy needed)
  audit [--route <id>] [--limit N]                 applied weight changes, newest first
  start [...]                                      run the proxy
  diffs <route> [--limit N] [--json]               shadow match rate, learned noise, latest mismatches
  ramp start|pause|resume|abort|status <route>     automatic ramp with comparative gates (controller replica)
  phase <route> <legacy|shadow|canary|new|retired> move a route to another migration phase
  report [--window 15m] [--json]                   decommission report: ready to retire legacy, or why not

env: STRANGLER_ADMIN_URL (default http://127.0.0.1:9090), STRANGLER_ADMIN_TOKEN
exit codes: 0 ok · 1 rejected/invalid · 2 usage · 3 proxy unreachable · 4 token refused · 5 config changed meanwhile · 6 not confirmed`;

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
  try {
    return await command(args);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    console.error(`strangler ${name}: ${error.message}`);
    return error.exitCode;
  }
}

process.exitCode = await run(process.argv.slice(2));
