import { expect, it } from 'vitest';
import { problemsOf, yamlLines } from '../../helpers/validateYaml.ts';

it.each([['ftp://legacy:5000'], ['127.0.0.1:5000'], ['http://legacy:5000/api'], ['not a url']])(
  'legacy url %s is rejected with an example of a good one',
  (url) => {
    const problems = problemsOf(yamlLines('backends:', `  legacy: { url: "${url}" }`));
    expect(problems).toEqual([
      {
        path: 'backends.legacy.url',
        line: 2,
        column: 18,
        message: expect.stringContaining('e.g. http://127.0.0.1:5000'),
      },
    ]);
  },
);
