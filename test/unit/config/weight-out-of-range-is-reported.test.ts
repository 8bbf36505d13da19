import { expect, it } from 'vitest';
import { problemsOf, yamlLines } from '../../helpers/validateYaml.ts';

const withWeight = (weight: string) =>
  yamlLines(
    'backends:',
    '  legacy: { url: "http://127.0.0.1:5000" }',
    'routes:',
    '  - id: orders',
    '    match: { path: /a }',
    '    new: { handler: orders }',
    `    weight: ${weight}`,
  );

it.each([
  ['140', '140 is above 100 — use 0..100'],
  ['-1', '-1 is below 0 — use 0..100'],
  ['12.345', '12.345 has more than 2 decimals — e.g. 12.5 or 0.25'],
  ['"half"', '"half" is not a number — write a number here'],
])('weight %s is reported at its line with a fix', (weight, message) => {
  expect(problemsOf(withWeight(weight))).toEqual([{ path: 'routes[0].weight', line: 7, column: 13, message }]);
});

it.each(['0', '100', '0.01', '99.99', '33.33'])('weight %s is accepted', (weight) => {
  expect(problemsOf(withWeight(weight))).toEqual([]);
});
