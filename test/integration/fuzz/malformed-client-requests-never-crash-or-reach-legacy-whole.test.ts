// Seeded fuzz of malformed client requests (request line, header bytes, framing, a body that turns bad
// mid-stream, truncation): the proxy keeps serving, and a request it refuses itself (its own JSON error
// as the first answer) never reached legacy complete — a body that went bad mid-stream was aborted upstream.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import { firstResponse, rawRequest } from '../../helpers/rawClient.ts';
import { startUpstream, type TestUpstream } from '../../helpers/upstream.ts';

/** Per case id (in the path), whether legacy read that request to its end. */
const reachedWhole = new Map<string, boolean>();
let legacy: TestUpstream;
let proxy: TestProxy;

beforeAll(async () => {
  legacy = await startUpstream((req, res) => {
    const id = /^\/c\/(\d+)/.exec(req.url ?? '')?.[1];
    if (id !== undefined) reachedWhole.set(id, reachedWhole.get(id) ?? false);
    req.on('end', () => {
      if (id !== undefined && req.complete) reachedWhole.set(id, true);
      res.end('ok');
    });
    req.resume();
  });
  proxy = await startProxy({ config: { backends: { legacy: { url: legacy.url, timeoutMs: 1_000 } } } });
});
afterAll(async () => {
  await proxy.close();
  await legacy.close();
});

const junk = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9 :;,._-]{0,10}$/),
  fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 6 }).map((codes) => Buffer.from(codes).toString('latin1')),
);
const header = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('X-A', 'Host', 'Expect', 'Content-Length', 'Transfer-Encoding', 'Connection', 'Bad Name'),
      junk,
    )
    .map(([name, value]) => `${name}: ${value}\r\n`),
  fc.constantFrom(
    'Content-Length: 5\r\n',
    'Content-Length: 3\r\nContent-Length: 4\r\n',
    'Transfer-Encoding: chunked\r\n',
    'Transfer-Encoding: chunked\r\nContent-Length: 3\r\n',
    'Transfer-Encoding: xchunked\r\n',
    'Host: a\r\nHost: b\r\n',
    'Expect: 100-continue\r\n',
    ' folded\r\n',
    'NoColon\r\n',
  ),
);
const body = fc.constantFrom(
  '',
  'hello',
  '5\r\nhello\r\n0\r\n\r\n',
  '5\r\nhello\r\nZZ\r\nmore\r\n',
  '5\r\nhel',
  '3\r\nabc\r\n-1\r\n',
);
const request = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'G T', 'CONNECT', 'OPTIONS', ''),
  suffix: fc.oneof(fc.constant(''), junk),
  version: fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/1.2', 'HTTP/2', 'HTP/1.1', ''),
  headers: fc.array(header, { maxLength: 4 }),
  body,
  eol: fc.constantFrom('\r\n', '\n'),
});

it('120 malformed client requests: no crash, and a refused request never reaches legacy whole', async () => {
  let next = 0;
  await fc.assert(
    fc.asyncProperty(request, async (r) => {
      const id = String(next++);
      const head = `${r.method} /c/${id}${r.suffix} ${r.version}${r.eol}Host: fuzz${r.eol}${r.headers.join('')}${r.eol}`;
      const answer = await rawRequest(proxy.url, head + r.body, { waitMs: 2_500 });
      const good = await fetch(`${proxy.url}/good`);
      expect(await good.text()).toBe('ok');
      if (!answer.text.includes('\r\n\r\n')) return;
      const first = firstResponse(answer.text);
      const refusedByProxy =
        first.status >= 400 && first.headers['x-strangler-backend'] !== 'legacy' && first.body.includes('"error"');
      // Bytes after a request without framing are a second, pipelined request; the refusal is that one's.
      const framed = r.body === '' || r.headers.some((line) => /^(content-length|transfer-encoding):/i.test(line));
      if (refusedByProxy && framed) expect(reachedWhole.get(id) ?? false).toBe(false);
    }),
    { seed: 1212, numRuns: 120, endOnFailure: true },
  );
}, 60_000);
