// A small Dockerfile reader for the tests: stages, their instructions (line continuations joined, comments
// dropped) and the exec-form arguments of ENTRYPOINT/CMD. Enough for the project's own Dockerfile; not a
// full BuildKit parser (no heredocs, no escape directive).
import { readFileSync } from 'node:fs';

export interface Instruction {
  keyword: string;
  /** Everything after the keyword, continuations joined with a space. */
  args: string;
}

export interface Stage {
  from: string;
  name: string | undefined;
  instructions: Instruction[];
}

export function readDockerfile(file: string): Stage[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (pending !== '' && line.startsWith('#')) continue; // a comment inside a continued instruction
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    logical.push(pending + line);
    pending = '';
  }
  if (pending !== '') throw new Error(`${file}: the last instruction ends with a line continuation`);
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const upper = keyword.toUpperCase();
    if (upper === 'FROM') {
      const [from = '', as, name] = args.split(/\s+/);
      stages.push({ from, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else if (stages.length === 0) {
      if (upper !== 'ARG') throw new Error(`${file}: ${upper} before the first FROM`);
    } else {
      stages.at(-1)!.instructions.push({ keyword: upper, args });
    }
  }
  return stages;
}

/** The arguments of an exec-form (JSON array) instruction; undefined for the shell form. */
export function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  const parsed: unknown = JSON.parse(args);
  return Array.isArray(parsed) && parsed.every((item) => typeof item === 'string') ? parsed : undefined;
}

export function instructions(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword);
}

/** The last value of an instruction that the runtime keeps only once (USER, WORKDIR, ENTRYPOINT, CMD). */
export function last(stage: Stage, keyword: string): string | undefined {
  return instructions(stage, keyword).at(-1)?.args;
}

/** `COPY --from=<stage> <src> <dest>` lines of a stage: what it takes from an earlier one. */
export function copiesFrom(stage: Stage, from: string): Array<{ src: string; dest: string }> {
  return instructions(stage, 'COPY').flatMap(({ args }) => {
    const words = args.split(/\s+/);
    if (!words.includes(`--from=${from}`)) return [];
    const paths = words.filter((word) => !word.startsWith('--'));
    return [{ src: paths[0]!, dest: paths[1]! }];
  });
}
