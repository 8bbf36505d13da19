import { expect, it } from 'vitest';
import { problemsOf, yamlLines } from '../../helpers/validateYaml.ts';

it('an unknown handler lists the registered ones; an unknown upstream lists the defined ones', () => {
  const problems = problemsOf(
    yamlLines(
      'backends:',
      '  legacy: { url: "http://127.0.0.1:5000" }',
      '  upstreams:',
      '    orders-svc: { url: "http://127.0.0.1:7000" }',
      'routes:',
      '  - { id: a, match: { path: /a }, new: { handler: ordrs }, weight: 0 }',
      '  - { id: b, match: { path: /b }, new: { upstream: order-svc }, weight: 0 }',
    ),
  );
  expect(problems).toEqual([
    {
      path: 'routes[0].new.handler',
      line: 6,
      column: 51,
      message: 'unknown handler "ordrs" — use one of: orders, status',
    },
    {
      path: 'routes[1].new.upstream',
      line: 7,
      column: 52,
      message: 'unknown upstream "order-svc" — define it under backends.upstreams (defined: orders-svc)',
    },
  ]);
});
