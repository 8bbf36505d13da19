// Tests that need an outside program (prometheus, promtool, chromium, script, ...) declare it here. When it is
// missing, a local run skips those tests with a message naming the tool and how to install it; under CI=true
// they FAIL with that message instead, so a green CI run always means the tests ran.
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';

export interface RequiredTool {
  /** The command, as messages name it. */
  command: string;
  /** Absolute path of the executable, or undefined when it is not installed. */
  path: string | undefined;
  /** The command line that installs it. */
  install: string;
}

/** True under CI (`CI=true`, as `.ci/run` is run): a missing tool is then a failure, not a skip. */
export function underCi(): boolean {
  const ci = (process.env.CI ?? '').toLowerCase();
  return ci !== '' && ci !== 'false' && ci !== '0';
}

/** The absolute path of an executable on PATH (or /usr/bin, /usr/sbin), or undefined. */
export function findExecutable(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).concat('/usr/bin', '/usr/sbin')) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** Looks `command` up on PATH; `debianPackage` is what provides it (the install hint names it). */
export function findTool(command: string, debianPackage: string): RequiredTool {
  return { command, path: findExecutable(command), install: `apt-get install -y ${debianPackage}` };
}

/** What a test prints or throws when `tool` is missing. */
export function missingToolMessage(tool: RequiredTool): string {
  return `\`${tool.command}\` is not installed: install it with \`${tool.install}\` (.ci/run does this when it can)`;
}

/**
 * `describe(title, body)` when `tool` is installed (the body gets its path). Otherwise a local run skips the
 * block, its title saying why, and a CI run gets one failing test whose error names the tool and its install.
 */
export function describeWithTool(tool: RequiredTool, title: string, body: (toolPath: string) => void): void {
  const toolPath = tool.path;
  if (toolPath !== undefined) {
    describe(title, () => body(toolPath));
    return;
  }
  const message = missingToolMessage(tool);
  if (underCi()) {
    describe(title, () => {
      it(`needs ${tool.command}`, () => {
        throw new Error(`${message}; under CI a missing tool fails the run instead of skipping`);
      });
    });
    return;
  }
  console.warn(`SKIPPED "${title}": ${message}`);
  describe.skip(`${title} (SKIPPED: ${message})`, () => body(''));
}
