// Reading a routes.yaml named on the command line: `strangler validate` and `strangler store init` both refuse an
// unreadable file (usage error) and print a file's problems (exit "rejected") the same way.
import { readFile } from 'node:fs/promises';
import { HANDLER_NAMES } from '../../services/handlerNames.ts';
import { formatProblems } from '../config/errors.ts';
import type { Config } from '../config/types.ts';
import { validateConfigText } from '../config/validate.ts';
import { CliError, EXIT } from './exitCodes.ts';

/** The file's text and config when it validates; undefined after printing its problems to stderr. */
export async function readValidRoutesFile(file: string): Promise<{ text: string; config: Config } | undefined> {
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
    return undefined;
  }
  return { text, config: result.config };
}
