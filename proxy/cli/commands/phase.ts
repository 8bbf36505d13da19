// strangler phase <route> <legacy|shadow|canary|new|retired> [--reason "…"]: move a route to another
// migration phase; the admin API enforces the allowed transitions and the quiet period before retiring.
import { AdminClient } from '../adminClient.ts';
import { parseCommandArgs } from '../args.ts';
import { CliError, EXIT } from '../exitCodes.ts';
import { MIGRATION_PHASES } from '../../config/types.ts';

const USAGE = `strangler phase <route> <${MIGRATION_PHASES.join('|')}> [--reason "<why>"]`;

export async function phaseCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { reason: { type: 'string' } }, USAGE);
  const [route, phase] = positionals;
  if (
    route === undefined ||
    phase === undefined ||
    positionals.length > 2 ||
    !(MIGRATION_PHASES as readonly string[]).includes(phase)
  ) {
    throw new CliError(EXIT.USAGE, `expected a route and one of ${MIGRATION_PHASES.join(', ')}\nusage: ${USAGE}`);
  }
  const body = { phase, ...(values.reason ? { reason: values.reason } : {}) };
  const { body: result } = await new AdminClient().request<{ route: string; from: string; to: string; weight: number }>(
    'POST',
    `/admin/routes/${encodeURIComponent(route)}/phase`,
    { body },
  );
  console.log(`${result.route}: phase ${result.from} → ${result.to} (weight ${result.weight} %)`);
  return EXIT.OK;
}
