// Reads routes.yaml from disk and turns it into a validated snapshot, or a ConfigInvalidError that lists
// every problem with its line.
import { readFile } from 'node:fs/promises';
import { buildSnapshot, type Snapshot } from '../routing/routeTable.ts';
import { ConfigInvalidError } from './errors.ts';
import { validateConfigText, type ValidationContext } from './validate.ts';

export async function loadSnapshot(file: string, context: ValidationContext): Promise<Snapshot> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found — pass --config <file> or set STRANGLER_CONFIG' : String(error);
    throw new ConfigInvalidError(file, [{ path: '', message: reason }]);
  }
  return snapshotFromText(text, file, context);
}

export function snapshotFromText(text: string, source: string, context: ValidationContext): Snapshot {
  const result = validateConfigText(text, context);
  if (!result.ok) throw new ConfigInvalidError(source, result.problems);
  return buildSnapshot(result.config);
}
