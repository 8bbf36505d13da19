import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall, startFileProxy, routesYaml, type FileProxy } from '../../helpers/adminFixtures.ts';

describe('an invalid weight change is rejected with all its problems', () => {
  let proxy: FileProxy;
  beforeAll(async () => {
    proxy = await startFileProxy(routesYaml('http://127.0.0.1:9'));
  });
  afterAll(() => proxy.close());
  const patch = (body: unknown) =>
    adminCall(proxy.adminUrl, 'PATCH', '/admin/routes/orders', {
      body,
      headers: { 'if-match': proxy.live.current().hash },
    });

  it('400 naming the weight (validated like the file) and the missing reason together', async () => {
    const res = await patch({ weight: 140 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_CHANGE');
    expect(res.body.error.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'routes[0].weight', message: expect.stringContaining('140 is above 100') }),
        expect.objectContaining({ path: 'reason', message: expect.stringContaining('is required') }),
      ]),
    );
  });

  it('400 for a non-number weight, too many decimals, and fields that cannot be changed here', async () => {
    expect((await patch({ weight: 'ten', reason: 'x' })).body.error.problems[0].message).toContain(
      '"ten" is not a number',
    );
    expect((await patch({ weight: 12.345, reason: 'x' })).body.error.problems[0].message).toContain(
      'more than 2 decimals',
    );
    expect((await patch({ weight: 5, reason: 'x', salt: 'y' })).body.error.problems[0].path).toBe('salt');
  });

  it('404 for an unknown route and 400 for a malformed body; the live config never changed', async () => {
    const hash = proxy.live.current().hash;
    const missing = await adminCall(proxy.adminUrl, 'PATCH', '/admin/routes/nope', {
      body: { weight: 5, reason: 'x' },
      headers: { 'if-match': hash },
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('known routes: orders, status');
    const res = await fetch(`${proxy.adminUrl}/admin/routes/orders`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'if-match': hash },
      body: '{"weight":',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('INVALID_JSON');
    expect(proxy.live.current().hash).toBe(hash);
  });
});
