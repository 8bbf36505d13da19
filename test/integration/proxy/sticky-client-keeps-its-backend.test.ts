import { expect, it } from 'vitest';
import { helloProxyForFile } from '../../helpers/helloProxy.ts';

const running = helloProxyForFile({
  sticky: { key: ['header:x-user-id', 'cookie:session'] },
  routes: [{ id: 'half', match: { path: '/half' }, new: { handler: 'hello' }, weight: 50 }],
});

const backendOf = async (headers: Record<string, string>) =>
  (await fetch(`${running.proxy.url}/half`, { headers })).headers.get('x-strangler-backend');

it('every request of one client goes to the same backend', async () => {
  const seen = new Set<string>();
  for (let client = 0; client < 20; client++) {
    const answers = new Set<string | null>();
    for (let i = 0; i < 5; i++) answers.add(await backendOf({ 'x-user-id': `sticky-${client}` }));
    expect(answers.size).toBe(1);
    seen.add(String([...answers][0]));
  }
  expect(seen).toEqual(new Set(['legacy', 'new'])); // 20 clients at 50 %: both backends are used
});

it('the cookie is used when the first key source is absent', async () => {
  const answers = new Set<string | null>();
  for (let i = 0; i < 5; i++) answers.add(await backendOf({ cookie: 'theme=dark; session=abc123' }));
  expect(answers.size).toBe(1);
});

it('without any key a client gets a random bucket per request', async () => {
  const answers = new Set<string | null>();
  for (let i = 0; i < 60 && answers.size < 2; i++) answers.add(await backendOf({}));
  expect(answers).toEqual(new Set(['legacy', 'new']));
});
