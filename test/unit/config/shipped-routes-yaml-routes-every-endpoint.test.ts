import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateConfigText } from '../../../proxy/config/validate.ts';
import { findRoute } from '../../../proxy/routing/matchRoute.ts';
import { buildSnapshot } from '../../../proxy/routing/routeTable.ts';
import { HANDLER_NAMES } from '../../../services/handlerNames.ts';
import { SERVICE_ROUTES } from '../../../services/routes.ts';

describe('the shipped routes.yaml', () => {
  const result = validateConfigText(readFileSync(new URL('../../../routes.yaml', import.meta.url), 'utf8'), {
    handlerNames: new Set(HANDLER_NAMES),
  });

  it('is valid', () => {
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('routes every endpoint of the reference API to its new handler', () => {
    if (!result.ok) throw new Error('invalid routes.yaml');
    const snapshot = buildSnapshot(result.config);
    for (const endpoint of SERVICE_ROUTES) {
      const samplePath = endpoint.path.replace(/:[^/]+/g, 'X1').replace(/\/\*$/, '/index.html');
      for (const method of endpoint.methods) {
        const route = findRoute(snapshot, method, samplePath);
        expect(route?.newTarget, `${method} ${samplePath}`).toEqual({ kind: 'handler', name: endpoint.handler });
        // Endpoints legacy never had must not be split: legacy would answer 404.
        if (!endpoint.legacy) expect(route?.weight, `${method} ${samplePath}`).toBe(100);
      }
    }
  });
});
