import { expect, it } from 'vitest';
import { problemsOf, yamlLines } from '../../helpers/validateYaml.ts';

it('an unknown key is reported with its dotted path, the line and column of the key, and a hint', () => {
  const problems = problemsOf(
    yamlLines(
      'backends:',
      '  legacy: { url: "http://127.0.0.1:5000" }',
      'routes:',
      '  - id: orders',
      '    match: { path: /api/orders }',
      '    new: { handler: orders }',
      '    weight: 0',
      '    wieght: 5',
    ),
  );
  expect(problems).toEqual([{ path: 'routes[0].wieght', line: 8, column: 5, message: expect.stringContaining('unknown key "wieght" — check its spelling') }]);
});
