import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { setRouteFieldsInText } from '../../../proxy/controlplane/routeFieldsInText.ts';

const shipped = readFileSync(new URL('../../../routes.yaml', import.meta.url), 'utf8');
const since = '2026-12-01T22:00:00.000Z';

/** The text with `from` replaced by `to` exactly once (fails loudly when `from` is not there). */
function replaceOnce(text: string, from: string, to: string): string {
  expect(text.split(from)).toHaveLength(2);
  return text.replace(from, to);
}

describe('editing route fields in routes.yaml text', () => {
  it('changes the shipped file only at the edited values and the added line (phase shadow → canary)', () => {
    const edited = setRouteFieldsInText(shipped, 'config', { phase: 'canary', phaseSince: since, weight: 5 });
    let expected = replaceOnce(shipped, '    weight: 0\n    phase: shadow\n', '    weight: 5\n    phase: canary\n');
    expected = replaceOnce(
      expected,
      '    shadowWrites: sandbox\n',
      `    shadowWrites: sandbox\n    phaseSince: ${since}\n`,
    );
    expect(edited).toBe(expected);
  });

  it('adds fields after a route whose last key is a nested map, keeping its comments', () => {
    const edited = setRouteFieldsInText(shipped, 'orders', { phase: 'canary', phaseSince: since });
    const gates = '      gates: { minRequests: 50, maxErrorRateDelta: 0.5, maxP99Ratio: 1.3 }\n';
    expect(edited).toBe(replaceOnce(shipped, gates, `${gates}    phase: canary\n    phaseSince: ${since}\n`));
  });

  it('adds fields inside a flow map and keeps a quoted value quoted', () => {
    const text = 'routes:\n  - { id: a, weight: 5 }   # one line\n  - id: b\n    phase: "shadow"\n    weight: 0\n';
    expect(setRouteFieldsInText(text, 'a', { weight: 10, phase: 'canary' })).toBe(
      'routes:\n  - { id: a, weight: 10, phase: canary }   # one line\n  - id: b\n    phase: "shadow"\n    weight: 0\n',
    );
    expect(setRouteFieldsInText(text, 'b', { phase: 'canary' })).toBe(text.replace('"shadow"', '"canary"'));
  });

  it('adds a field at the very end of a file without a final newline', () => {
    expect(setRouteFieldsInText('routes:\n  - id: a\n    weight: 5', 'a', { phase: 'shadow' })).toBe(
      'routes:\n  - id: a\n    weight: 5\n    phase: shadow',
    );
  });
});
