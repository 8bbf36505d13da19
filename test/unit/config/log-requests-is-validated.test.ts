import { expect, it } from 'vitest';
import { problemsOf, yamlLines } from '../../helpers/validateYaml.ts';

const legacy = ['backends:', '  legacy: { url: "http://127.0.0.1:5000" }'];

it('an unknown log.requests value is reported at the field with the allowed values', () => {
  const problems = problemsOf(yamlLines(...legacy, 'log:', '  requests: some'));
  expect(problems.map((p) => [p.path, p.line])).toEqual([['log.requests', 4]]);
  expect(problems[0]!.message).toMatch(/all.*errors.*off/);
});

it('a sample rate outside 0..1 is reported at log.sampleRate', () => {
  const problems = problemsOf(yamlLines(...legacy, 'log: { requests: all, sampleRate: 1.5 }'));
  expect(problems.map((p) => p.path)).toEqual(['log.sampleRate']);
  expect(problems[0]!.message).toMatch(/between 0 and 1/);
});

it('an unknown key under log is reported', () => {
  expect(problemsOf(yamlLines(...legacy, 'log:', '  request: off')).map((p) => p.path)).toEqual(['log.request']);
});

it('log is optional and a valid one has no problems', () => {
  expect(problemsOf(yamlLines(...legacy))).toEqual([]);
  expect(problemsOf(yamlLines(...legacy, 'log: { requests: errors, sampleRate: 0.25 }'))).toEqual([]);
});
