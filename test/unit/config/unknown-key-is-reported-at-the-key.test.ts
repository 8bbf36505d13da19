import { expect, it } from 'vitest';
import { problemsOf, yamlLines } from '../../helpers/validateYaml.ts';

const route = (...extra: string[]) =>
  yamlLines(
    'backends:',
    '  legacy: { url: "http://127.0.0.1:5000" }',
    'routes:',
    '  - id: orders',
    '    match: { path: /api/orders }',
    '    new: { handler: orders }',
    '    weight: 0',
    ...extra,
  );

it('an unknown key is reported with its dotted path, the line and column of the key, and a hint', () => {
  const problems = problemsOf(route('    colour: blue'));
  expect(problems).toEqual([
    {
      path: 'routes[0].colour',
      line: 8,
      column: 5,
      message: expect.stringContaining(
        'unknown key "colour" — check its spelling against the routes.yaml reference in docs/CONFIG.md',
      ),
    },
  ]);
});

it('a near miss names the key the schema accepts at that place', () => {
  expect(problemsOf(route('    wieght: 5'))[0]?.message).toBe('unknown key "wieght" — did you mean "weight"?');
  expect(problemsOf(route('    shadow: { sampelRate: 1 }'))[0]?.message).toBe(
    'unknown key "sampelRate" — did you mean "sampleRate"?',
  );
  expect(problemsOf(route('    ramp: { gates: { minRequest: 5 } }'))[0]?.message).toBe(
    'unknown key "minRequest" — did you mean "minRequests"?',
  );
  expect(
    problemsOf(yamlLines('backends:', '  legacy: { url: "http://127.0.0.1:5000", timeoutMS: 5 }'))[0]?.message,
  ).toBe('unknown key "timeoutMS" — did you mean "timeoutMs"?');
  expect(
    problemsOf(yamlLines('listne: { port: 1 }', 'backends:', '  legacy: { url: "http://127.0.0.1:5000" }'))[0]?.message,
  ).toBe('unknown key "listne" — did you mean "listen"?');
});

it('a port out of range is named as a port', () => {
  const problems = problemsOf(
    yamlLines(
      'listen: { port: 70000 }',
      'admin: { port: -1 }',
      'backends:',
      '  legacy: { url: "http://127.0.0.1:5000" }',
    ),
  );
  expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
    'listen.port: 70000 is out of range for a port — use 0..65535 (0 picks a free one)',
    'admin.port: -1 is not a port — use 0..65535 (0 picks a free one)',
  ]);
});
