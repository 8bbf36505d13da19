// The hostile-upstream fuzz harness shared by the bounded fuzz test in `npm test` and the long
// `npm run fuzz`: fast-check generates whole upstream answers as bytes (status lines, header bytes,
// framing, truncation, 1xx sequences, bytes after the response, how the socket ends) that a raw-socket
// legacy and a raw-socket `new: { url }` service write; each case goes through the proxy over both
// forwarders (GET: undici, POST with a body: node:http) and is judged by `judge`.
import fc from 'fast-check';
import type net from 'node:net';
import { startProxy, type TestProxy } from './proxy.ts';
import { rawRequest, type RawExchange } from './rawClient.ts';
import { startRawUpstream, type RawUpstream } from './rawUpstream.ts';

export const FUZZ_TIMEOUT_MS = 500;

export interface UpstreamAnswer {
  /** Written in these pieces. */
  chunks: Buffer[];
  ending: 'end' | 'destroy' | 'keep-open';
}

const latin1 = (codes: number[]) => Buffer.from(codes).toString('latin1');
/** Mostly printable, sometimes any byte (control characters, DEL, CR, LF, obs-text). */
const someText = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9 ._-]{0,12}$/) },
  { weight: 1, arbitrary: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 8 }).map(latin1) },
);
const eol = fc.constantFrom('\r\n', '\r\n', '\r\n', '\n', '\r');
const statusCode = fc.oneof(
  fc.constantFrom(
    '000',
    '099',
    '100',
    '101',
    '102',
    '103',
    '200',
    '204',
    '304',
    '404',
    '502',
    '600',
    '999',
    '1000',
    '20',
    'x0',
  ),
  fc.integer({ min: 0, max: 999 }).map((code) => String(code).padStart(3, '0')),
);
const version = fc.constantFrom('HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1 ', 'http/1.1', 'HTTP/9');
const headerName = fc.oneof(
  fc.constantFrom(
    'X-A',
    'Link',
    'Set-Cookie',
    'Content-Type',
    'Connection',
    'Keep-Alive',
    'Upgrade',
    'Trailer',
    'Bad Name',
    'X-A ',
  ),
  someText,
);
const header = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(headerName, someText).map(([name, value]) => `${name}: ${value}`) },
  { weight: 1, arbitrary: fc.tuple(someText, someText).map(([a, b]) => `X-Fold: ${a}\r\n ${b}`) }, // obs-fold
  { weight: 1, arbitrary: someText }, // a line without a colon
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'Content-Length: 2',
      'Content-Length: -1',
      'Content-Length: 1, 2',
      'Transfer-Encoding: chunked',
      'Transfer-Encoding: gzip',
      'Transfer-Encoding: chunked, gzip',
      'Connection: close',
      'Connection: x-a',
    ),
  },
);
const head = fc
  .record({
    version,
    status: statusCode,
    reason: fc.option(someText, { nil: undefined }),
    headers: fc.array(header, { maxLength: 5 }),
    eol,
  })
  .map(
    ({ version: v, status, reason, headers, eol: end }) =>
      `${v} ${status}${reason === undefined ? '' : ` ${reason}`}${end}${headers.map((h) => h + end).join('')}`,
  );
const body = fc.stringMatching(/^[a-z]{0,40}$/);
const framing = fc.oneof(
  body.map((text) => `Content-Length: ${text.length}\r\n\r\n${text}`),
  fc
    .tuple(body, fc.integer({ min: -5, max: 5 }))
    .map(([text, off]) => `Content-Length: ${Math.max(0, text.length + off)}\r\n\r\n${text}`),
  body.map((text) => `Transfer-Encoding: chunked\r\n\r\n${text.length.toString(16)}\r\n${text}\r\n0\r\n\r\n`),
  fc
    .tuple(body, someText)
    .map(([text, junk]) => `Transfer-Encoding: chunked\r\n\r\n${junk}\r\n${text}\r\n0\r\nX-T: ${junk}\r\n\r\n`),
  body.map((text) => `\r\n${text}`),
);
const interim = fc.constantFrom(
  'HTTP/1.1 100 Continue\r\n\r\n',
  'HTTP/1.1 102 Processing\r\n\r\n',
  'HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n',
  'HTTP/1.1 103 Early Hints\r\nLink: </a\x7f>; rel=preload\r\n\r\n',
  'HTTP/1.1 103 Early Hints\r\nX-No-Link: 1\r\n\r\n',
  'HTTP/1.1 103 Early Hints\r\nLink: </a>\r\nBad Name: x\r\n\r\n',
);

export const upstreamAnswer: fc.Arbitrary<UpstreamAnswer> = fc
  .record({
    interims: fc.array(interim, { maxLength: 2 }),
    head,
    framing,
    after: fc.oneof(fc.constant(''), fc.constant('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nextra'), someText),
    cut: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined, freq: 4 }),
    splits: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 2 }),
    ending: fc.oneof(
      { weight: 6, arbitrary: fc.constant('end' as const) },
      { weight: 3, arbitrary: fc.constant('destroy' as const) },
      { weight: 1, arbitrary: fc.constant('keep-open' as const) },
    ),
  })
  .map(({ interims, head: h, framing: f, after, cut, splits, ending }) => {
    let bytes = Buffer.from(interims.join('') + h + f + after, 'latin1');
    if (cut !== undefined) bytes = bytes.subarray(0, Math.floor(bytes.length * cut));
    const points = splits.map((at) => Math.floor(bytes.length * at)).sort((a, b) => a - b);
    const chunks: Buffer[] = [];
    let from = 0;
    for (const at of [...points, bytes.length]) {
      chunks.push(bytes.subarray(from, at));
      from = at;
    }
    return { chunks, ending };
  });

export interface FuzzCase {
  answer: UpstreamAnswer;
  method: 'GET' | 'POST';
  target: 'legacy' | 'new';
}

export const fuzzCase: fc.Arbitrary<FuzzCase> = fc.record({
  answer: upstreamAnswer,
  method: fc.constantFrom('GET' as const, 'POST' as const),
  target: fc.constantFrom('legacy' as const, 'new' as const),
});

export interface FuzzRig {
  proxy: TestProxy;
  run(fuzz: FuzzCase): Promise<Verdict>;
  close(): Promise<void>;
}

export type Verdict =
  { ok: true; exchange: RawExchange } | { ok: false; kind: 'hang' | 'malformed' | 'not-serving'; detail: string };

/** A proxy in front of two raw upstreams that answer `/fuzz/<n>` with case n's bytes and anything else with 200 "ok". */
export async function startFuzzRig(): Promise<FuzzRig> {
  const answers = new Map<string, UpstreamAnswer>();
  const respond = (socket: net.Socket, requestHead: string) => {
    const id = /^\w+ (?:\/new)?\/fuzz\/(\d+)/.exec(requestHead)?.[1];
    const answer = id === undefined ? undefined : answers.get(id);
    if (!answer) return void socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    for (const chunk of answer.chunks) socket.write(chunk);
    if (answer.ending === 'end') socket.end();
    else if (answer.ending === 'destroy') socket.destroy();
  };
  const legacy: RawUpstream = await startRawUpstream(respond);
  const newService: RawUpstream = await startRawUpstream(respond);
  const proxy = await startProxy({
    config: {
      backends: { legacy: { url: legacy.url, timeoutMs: FUZZ_TIMEOUT_MS } },
      routes: [
        {
          id: 'moved',
          match: { path: '/new/*' },
          new: { url: newService.url, timeoutMs: FUZZ_TIMEOUT_MS },
          weight: 100,
        },
      ],
    },
  });
  let next = 0;
  const request = (method: string, path: string) =>
    method === 'GET'
      ? `GET ${path} HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n\r\n`
      : `POST ${path} HTTP/1.1\r\nHost: fuzz\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi`;
  return {
    proxy,
    async run(fuzz) {
      const id = String(next++);
      answers.set(id, fuzz.answer);
      const prefix = fuzz.target === 'new' ? '/new' : '';
      // timeout + 1 s, as promised (a GET to new may fall back to legacy: both timeouts); rawRequest reports
      // closedByServer false when it stopped waiting.
      const waitMs = FUZZ_TIMEOUT_MS * (fuzz.target === 'new' ? 2 : 1) + 1_000;
      const exchange = await rawRequest(proxy.url, request(fuzz.method, `${prefix}/fuzz/${id}`), { waitMs });
      answers.delete(id);
      if (!exchange.closedByServer)
        return { ok: false, kind: 'hang', detail: JSON.stringify(exchange.text.slice(0, 300)) };
      const problem = malformed(exchange.text);
      if (problem)
        return { ok: false, kind: 'malformed', detail: `${problem}: ${JSON.stringify(exchange.text.slice(0, 300))}` };
      const after = await rawRequest(proxy.url, request(fuzz.method, `${prefix}/good`), { waitMs });
      if (!/^HTTP\/1\.1 200 [^\r\n]*\r\n[\s\S]*\r\n\r\nok$/.test(after.text)) {
        return { ok: false, kind: 'not-serving', detail: JSON.stringify(after.text.slice(0, 300)) };
      }
      return { ok: true, exchange };
    },
    async close() {
      await proxy.close();
      await legacy.close();
      await newService.close();
    },
  };
}

const STATUS_LINE = /^HTTP\/1\.1 (\d{3}) [\t\x20-\x7e\x80-\xff]*$/;
const HEADER_LINE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+: ?[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Why a client's bytes are not "nothing, or 1xx heads then one well-formed final head (and what body
 * the connection carried before it closed)"; undefined when they are.
 */
export function malformed(text: string): string | undefined {
  let rest = text;
  let finals = 0;
  while (rest.length > 0 && finals === 0) {
    const end = rest.indexOf('\r\n\r\n');
    if (end === -1) return 'an incomplete response head';
    const [statusLine = '', ...lines] = rest.slice(0, end).split('\r\n');
    const status = STATUS_LINE.exec(statusLine);
    if (!status) return `a bad status line ${JSON.stringify(statusLine)}`;
    const bad = lines.find((line) => !HEADER_LINE.test(line));
    if (bad !== undefined) return `a bad header line ${JSON.stringify(bad)}`;
    if (Number(status[1]) >= 200) finals += 1;
    else if (Number(status[1]) === 101) return 'a relayed 101';
    rest = rest.slice(end + 4);
  }
  return undefined;
}
