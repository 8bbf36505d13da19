// strangler validate [file]: checks routes.yaml offline and prints every problem; no proxy needed.
import { readFile } from 'node:fs/promises';
import { HANDLER_NAMES } from '../../../services/handlerNames.ts';
import { formatProblems } from '../../config/errors.ts';
import { validateConfigText } from '../../config/validate.ts';
import { buildSnapshot } from '../../routing/routeTable.ts';
import { parseCommandArgs } from '../args.ts';
import { CliError, EXIT } from '../exitCodes.ts';

const USAGE = 'strangler validate [file]   (default: $STRANGLER_CONFIG, else ./routes.yaml)';

export async function validateCommand(args: string[]): Promise<number> {
  const { positionals } = parseCommandArgs(args, {}, USAGE);
  if (positionals.length > 1) throw new CliError(EXIT.USAGE, `expected at most one file\nusage: ${USAGE}`);
  const file = positionals[0] ?? process.env.STRANGLER_CONFIG ?? 'routes.yaml';
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(
      EXIT.USAGE,
      `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)}) — pass the path of routes.yaml`,
    );
  }
  const result = validateConfigText(text, { handlerNames: new Set<string>(HANDLER_NAMES) });
  if (!result.ok) {
    console.error(formatProblems(file, result.problems));
    return EXIT.REJECTED;
  }
  const snapshot = buildSnapshot(result.config);
  console.log(`${file}: ok — ${snapshot.routes.length} route(s), config hash ${snapshot.hash}`);
  return EXIT.OK;
}
