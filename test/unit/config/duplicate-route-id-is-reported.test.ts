import { expect, it } from 'vitest';
import { problemsOf, yamlLines } from '../../helpers/validateYaml.ts';

it('a second route with the same id names the first one', () => {
  const problems = problemsOf(
    yamlLines(
      'backends:',
      '  legacy: { url: "http://127.0.0.1:5000" }',
      'routes:',
      '  - { id: orders, match: { path: /a }, new: { handler: orders }, weight: 0 }',
      '  - { id: orders, match: { path: /b }, new: { handler: orders }, weight: 0 }',
    ),
  );
  expect(problems).toEqual([
    {
      path: 'routes[1].id',
      line: 5,
      column: 11,
      message: '"orders" is already used by routes[0] — route ids must be unique',
    },
  ]);
});
