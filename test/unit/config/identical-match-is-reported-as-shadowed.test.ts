import { expect, it } from 'vitest';
import { problemsOf, yamlLines } from '../../helpers/validateYaml.ts';

it('a route whose path template and methods are covered by an earlier route is reported', () => {
  const problems = problemsOf(
    yamlLines(
      'backends:',
      '  legacy: { url: "http://127.0.0.1:5000" }',
      'routes:',
      '  - { id: any, match: { path: /api/orders/:id }, new: { handler: orders }, weight: 0 }',
      '  - { id: get, match: { path: /api/orders/:orderId, methods: [GET] }, new: { handler: orders }, weight: 0 }',
      '  - { id: other, match: { path: /api/orders/:id/items }, new: { handler: orders }, weight: 0 }',
    ),
  );
  expect(problems).toHaveLength(1);
  expect(problems[0]).toMatchObject({
    path: 'routes[1].match',
    line: 5,
    message: expect.stringContaining('matches the same requests as routes[0]'),
  });
});

it('the same path with disjoint methods is not an overlap', () => {
  const problems = problemsOf(
    yamlLines(
      'backends:',
      '  legacy: { url: "http://127.0.0.1:5000" }',
      'routes:',
      '  - { id: read, match: { path: /api/orders, methods: [GET] }, new: { handler: orders }, weight: 0 }',
      '  - { id: write, match: { path: /api/orders, methods: [POST] }, new: { handler: orders }, weight: 0 }',
    ),
  );
  expect(problems).toEqual([]);
});
