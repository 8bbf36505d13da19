// strangler rollback <route> [--reason "…"]: weight 0 at once, no confirmation (the emergency button).
import { AdminClient } from '../adminClient.ts';
import { parseCommandArgs } from '../args.ts';
import { CliError, EXIT } from '../exitCodes.ts';
import type { WeightChangeApplied } from '../../admin/weightChange.ts';

const USAGE = 'strangler rollback <route> [--reason "<why>"]';

export async function rollbackCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { reason: { type: 'string' } }, USAGE);
  const [route] = positionals;
  if (route === undefined || positionals.length > 1)
    throw new CliError(EXIT.USAGE, `expected one route\nusage: ${USAGE}`);
  const body = values.reason ? { reason: values.reason } : {};
  const { body: applied } = await new AdminClient().request<Omit<WeightChangeApplied, 'ok'>>(
    'POST',
    `/admin/routes/${encodeURIComponent(route)}/rollback`,
    { body },
  );
  console.log(
    `rolled back: ${applied.route} ${applied.fromWeight}% → 0% — all its traffic goes to legacy (config ${applied.configHashAfter})`,
  );
  return EXIT.OK;
}
