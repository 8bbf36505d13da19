import { expect, it } from 'vitest';
import { validateConfigText } from '../../../proxy/config/validate.ts';
import { KNOWN_HANDLERS, yamlLines } from '../../helpers/validateYaml.ts';

it('a valid file passes and gets the documented defaults', () => {
  const result = validateConfigText(
    yamlLines(
      'backends:',
      '  legacy: { url: "http://127.0.0.1:5000" }',
      'routes:',
      '  - id: orders',
      '    match: { path: /api/orders/:id, methods: [GET] }',
      '    new: { handler: orders }',
      '    weight: 12.5',
    ),
    { handlerNames: KNOWN_HANDLERS },
  );
  expect(result.ok).toBe(true);
  if (!result.ok) return;
  expect(result.config.listen).toEqual({ host: '0.0.0.0', port: 8080 });
  expect(result.config.backends.legacy.timeoutMs).toBe(30_000);
  expect(result.config.overrideHeader.enabled).toBe(false);
  expect(result.config.timeouts.headersMs).toBe(10_000);
  expect(result.config.routes[0]?.weight).toBe(12.5);
});
