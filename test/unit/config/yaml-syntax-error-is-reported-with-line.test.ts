import { expect, it } from 'vitest';
import { problemsOf, yamlLines } from '../../helpers/validateYaml.ts';

it('broken YAML is reported with the line of the break', () => {
  const problems = problemsOf(
    yamlLines(
      'backends:',
      '  legacy: { url: "http://127.0.0.1:5000" }',
      'routes:',
      '  - id: [unclosed',
      '    weight: 5',
    ),
  );
  expect(problems.length).toBeGreaterThan(0);
  expect(problems[0]).toMatchObject({
    path: '',
    line: expect.any(Number),
    message: expect.stringMatching(/^YAML syntax: /),
  });
  expect(problems[0]!.line).toBeGreaterThanOrEqual(4);
});

it('a key written twice in one map is a syntax problem at the second one', () => {
  const problems = problemsOf(
    yamlLines('backends:', '  legacy: { url: "http://127.0.0.1:5000" }', 'routes: []', 'routes: []'),
  );
  expect(problems).toEqual([
    { path: '', line: 4, column: 1, message: expect.stringContaining('Map keys must be unique') },
  ]);
});
