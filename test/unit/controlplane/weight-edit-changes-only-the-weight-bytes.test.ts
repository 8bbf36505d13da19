import { describe, expect, it } from 'vitest';
import { RouteNotInFileError, setRouteWeightInText } from '../../../proxy/controlplane/routeFieldsInText.ts';
import { routesYaml } from '../../helpers/adminFixtures.ts';

describe('editing a weight in routes.yaml text', () => {
  const legacy = 'http://127.0.0.1:5000';

  it('keeps comments, flow maps, quoting, spacing and blank lines byte-for-byte', () => {
    const before = routesYaml(legacy, { orders: 10, status: 0 });
    expect(setRouteWeightInText(before, 'orders', 25)).toBe(routesYaml(legacy, { orders: 25, status: 0 }));
    expect(setRouteWeightInText(before, 'status', 12.5)).toBe(routesYaml(legacy, { orders: 10, status: 12.5 }));
  });

  it('names a route that is not in the file', () => {
    expect(() => setRouteWeightInText(routesYaml(legacy), 'nope', 5)).toThrow(RouteNotInFileError);
  });
});
