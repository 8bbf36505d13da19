// node:util parseArgs with usage errors turned into CliError(USAGE) that name the command's usage line.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError, EXIT } from './exitCodes.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs<T extends Options>(args: string[], options: T, usage: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(EXIT.USAGE, `${(error as Error).message}\nusage: ${usage}`);
  }
}

/** `90`, `90s`, `5m`: whole seconds. */
export function parseDurationSeconds(text: string, flag: string): number {
  const match = /^(\d+)(s|m)?$/.exec(text);
  if (!match) throw new CliError(EXIT.USAGE, `${flag} "${text}" is not a duration — use e.g. 90s or 5m`);
  return Number(match[1]) * (match[2] === 'm' ? 60 : 1);
}
