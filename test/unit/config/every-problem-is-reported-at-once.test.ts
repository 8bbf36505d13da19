import { expect, it } from 'vitest';
import { formatProblems } from '../../../proxy/config/errors.ts';
import { problemsOf, yamlLines } from '../../helpers/validateYaml.ts';

it('one run reports every kind of problem, in file order, each with its line', () => {
  const problems = problemsOf(
    yamlLines(
      'listen:', //                                             1
      '  hots: 0.0.0.0', //                                     2 unknown key
      'backends:', //                                           3
      '  legacy: { url: "ftp://legacy:5000" }', //              4 bad url
      'routes:', //                                             5
      '  - id: orders', //                                      6
      '    match: { path: /api/orders/:id }', //                7
      '    new: { handler: orders }', //                        8
      '    weight: 140', //                                     9 out of range
      '  - id: orders', //                                      10 duplicate id
      '    match: { path: /api/orders/:orderId }', //           11 shadowed
      '    new: { handler: nope }', //                          12 unknown handler
      '    weight: 1.005', //                                   13 > 2 decimals
      '  - id: market', //                                      14
      '    match: { path: /api/market/* }', //                  15
      '    new: { upstream: missing }', //                      16 unknown upstream
      '    weight: 5', //                                       17
    ),
  );
  expect(problems.map((p) => [p.line, p.path])).toEqual([
    [2, 'listen.hots'],
    [4, 'backends.legacy.url'],
    [9, 'routes[0].weight'],
    [10, 'routes[1].id'],
    [11, 'routes[1].match'],
    [12, 'routes[1].new.handler'],
    [13, 'routes[1].weight'],
    [16, 'routes[2].new.upstream'],
  ]);
  const report = formatProblems('routes.yaml', problems);
  expect(report.split('\n')[0]).toBe('routes.yaml: 8 problems');
  expect(report).toContain('routes.yaml:9:13  routes[0].weight: 140 is above 100 — use 0..100');
});
