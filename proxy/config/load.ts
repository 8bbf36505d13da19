// Reads routes.yaml from disk and turns it into a validated snapshot, or a ConfigInvalidError that lists
// every problem with its line.
import { readFile } from 'node:fs/promises';
import { buildSnapshot, type Snapshot } from '../routing/routeTable.ts';
import { ConfigInvalidError } from './errors.ts';
import { StartupError } from './startupError.ts';
import { validateConfigText, type ValidationContext } from './validate.ts';

export async function loadSnapshot(file: string, context: ValidationContext): Promise<Snapshot> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new StartupError(
      `cannot read the config ${file}: ${unreadableReason(error as NodeJS.ErrnoException)} — pass --config <file> or set STRANGLER_CONFIG`,
    );
  }
  return snapshotFromText(text, file, context);
}

export function snapshotFromText(text: string, source: string, context: ValidationContext): Snapshot {
  const result = validateConfigText(text, context);
  if (!result.ok) throw new ConfigInvalidError(source, result.problems);
  return buildSnapshot(result.config);
}

function unreadableReason(error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT') return 'file not found';
  if (error.code === 'EISDIR') return 'it is a directory, not a file (EISDIR)';
  if (error.code === 'EACCES' || error.code === 'EPERM')
    return `no permission to read it (${error.code}) — check its owner and mode`;
  return error.code ?? error.message;
}
