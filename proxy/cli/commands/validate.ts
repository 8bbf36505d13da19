// strangler validate [file]: checks routes.yaml offline and prints every problem; no proxy needed.
import { buildSnapshot } from '../../routing/routeTable.ts';
import { parseCommandArgs } from '../args.ts';
import { CliError, EXIT } from '../exitCodes.ts';
import { readValidRoutesFile } from '../routesFile.ts';

const USAGE = 'strangler validate [file]   (default: $STRANGLER_CONFIG, else ./routes.yaml)';

export async function validateCommand(args: string[]): Promise<number> {
  const { positionals } = parseCommandArgs(args, {}, USAGE);
  if (positionals.length > 1) throw new CliError(EXIT.USAGE, `expected at most one file\nusage: ${USAGE}`);
  const file = positionals[0] ?? process.env.STRANGLER_CONFIG ?? 'routes.yaml';
  const valid = await readValidRoutesFile(file);
  if (!valid) return EXIT.REJECTED;
  const snapshot = buildSnapshot(valid.config);
  console.log(`${file}: ok — ${snapshot.routes.length} route(s), config hash ${snapshot.hash}`);
  return EXIT.OK;
}
