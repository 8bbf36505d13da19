import { expect, it } from 'vitest';
import { problemsOf, yamlLines } from '../../helpers/validateYaml.ts';

const legacy = ['backends:', '  legacy: { url: "http://127.0.0.1:5000" }'];

it('headersMs above requestMs is reported with the fix', () => {
  const problems = problemsOf(yamlLines(...legacy, 'timeouts:', '  headersMs: 20000', '  requestMs: 10000'));
  expect(problems).toEqual([
    {
      path: 'timeouts.headersMs',
      line: 4,
      column: 14,
      message: '20000 must not exceed timeouts.requestMs — the whole request includes its headers',
    },
  ]);
});

it('an unknown timeout and a zero timeout are both reported', () => {
  const problems = problemsOf(yamlLines(...legacy, 'timeouts:', '  keepAliveMs: 0', '  idleMs: 5'));
  expect(problems.map((p) => [p.path, p.line])).toEqual([
    ['timeouts.keepAliveMs', 4],
    ['timeouts.idleMs', 5],
  ]);
});

it('omitted timeouts get their documented defaults', () => {
  expect(problemsOf(yamlLines(...legacy, 'timeouts: { headersMs: 2000 }'))).toEqual([]);
});
