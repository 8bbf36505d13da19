// Runs the real validator on routes.yaml text and returns its problems (empty when the file is valid).
import type { ConfigProblem } from '../../proxy/config/errors.ts';
import { validateConfigText } from '../../proxy/config/validate.ts';

export const KNOWN_HANDLERS = new Set(['orders', 'status']);

export function problemsOf(yamlText: string): ConfigProblem[] {
  const result = validateConfigText(yamlText, { handlerNames: KNOWN_HANDLERS });
  return result.ok ? [] : result.problems;
}

/** Lines joined with newlines, so each test shows its YAML with line numbers easy to count. */
export function yamlLines(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}
